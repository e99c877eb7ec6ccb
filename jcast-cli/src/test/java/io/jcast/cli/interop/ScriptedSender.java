package io.jcast.cli.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import io.jcast.protocol.BlockBitmap;
import io.jcast.protocol.Capabilities;
import io.jcast.protocol.ConnectReply;
import io.jcast.protocol.DataHeader;
import io.jcast.protocol.Hello;
import io.jcast.protocol.Opcode;
import io.jcast.protocol.ReqAck;
import io.jcast.testkit.NetLab;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sender side of UDPcast played by hand from a NetLab host, on its {@code address:9001} (and the broadcast
 * address, where a receiver's first CONNECT_REQ goes), through {@link UdpPeerMain} running in that host. Messages
 * are built with jcast's codecs.
 */
final class ScriptedSender implements AutoCloseable {
    static final int PORT_BASE = 9000;

    /** A datagram the sender side received; {@code broadcast}: it was sent to the broadcast address. */
    record Datagram(boolean broadcast, InetSocketAddress from, ByteBuffer payload) {
        int opcode() {
            return Opcode.of(payload);
        }

        @Override
        public String toString() {
            return String.format("%04x from %s%s, %d bytes", opcode(), from, broadcast ? " (broadcast)" : "",
                    payload.remaining());
        }
    }

    private final Process process;
    private final Writer commands;
    private final Path stderr;
    private final BlockingQueue<Datagram> received = new LinkedBlockingQueue<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final ByteBuffer buf = ByteBuffer.allocate(2048);

    private ScriptedSender(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.commands = process.outputWriter(StandardCharsets.US_ASCII);
        Thread reader = new Thread(this::readEvents, "scripted-sender-events");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the peer in {@code host} and waits (bounded) until its sockets are bound. */
    static ScriptedSender start(NetLab lab, int host, Path dir) throws IOException, InterruptedException {
        Path stderr = dir.resolve("scripted-sender.stderr");
        Process p = lab.startPiped(host, Programs.java(UdpPeerMain.class.getName(), NetLab.INTERFACE,
                NetLab.address(host), NetLab.BROADCAST, Integer.toString(PORT_BASE + 1)), dir, stderr);
        ScriptedSender s = new ScriptedSender(p, stderr);
        if (!s.ready.await(20, TimeUnit.SECONDS)) {
            fail("the scripted sender did not bind its sockets within 20 s; stderr:\n" + s.stderrText());
        }
        return s;
    }

    private void readEvents() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.equals("ready")) {
                    ready.countDown();
                    continue;
                }
                String[] f = line.split(" ");
                received.add(new Datagram(f[0].equals("b"), new InetSocketAddress(f[1], Integer.parseInt(f[2])),
                        ByteBuffer.wrap(HexFormat.of().parseHex(f[3])).asReadOnlyBuffer()));
            }
        } catch (IOException e) {
            // the peer ended: close() or the lab ended it
        }
    }

    private String stderrText() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    // ---- sending ---------------------------------------------------------------------------

    /** HELLO with the default capabilities, to the control (broadcast) address, as udp-sender sends it. */
    void hello(Inet4Address dataAddress, int blockSize) throws IOException {
        buf.clear();
        new Hello(Opcode.HELLO, Capabilities.DEFAULT, dataAddress, blockSize).encode(buf);
        send(new InetSocketAddress(NetLab.BROADCAST, PORT_BASE));
    }

    void connectReply(int clientNumber, int blockSize, Inet4Address dataAddress, InetSocketAddress to)
            throws IOException {
        buf.clear();
        new ConnectReply(clientNumber, blockSize, Capabilities.DEFAULT, dataAddress).encode(buf);
        send(to);
    }

    /** DATA for one block; the payload is {@code length} bytes of {@code data} from {@code offset}. */
    void data(int sliceNo, int blockNo, int sliceBytes, byte[] data, int offset, int length, InetSocketAddress to)
            throws IOException {
        buf.clear();
        DataHeader.write(buf, Opcode.DATA, 0, sliceNo, blockNo, sliceBytes);
        buf.put(DataHeader.LENGTH, data, offset, length).position(DataHeader.LENGTH + length);
        send(to);
    }

    void reqAck(int sliceNo, int bytes, int rxmit, BlockBitmap readySet, InetSocketAddress to) throws IOException {
        buf.clear();
        ReqAck.encode(buf, sliceNo, bytes, rxmit, readySet);
        send(to);
    }

    /** Sends {@link #buf} from 0 to its position. */
    private void send(InetSocketAddress to) throws IOException {
        buf.flip();
        byte[] payload = new byte[buf.remaining()];
        buf.get(payload);
        commands.write(to.getAddress().getHostAddress() + " " + to.getPort() + " " + HexFormat.of().formatHex(payload)
                + "\n");
        commands.flush();
    }

    // ---- receiving -------------------------------------------------------------------------

    /** The next datagram, which must have {@code opcode} and arrive within {@code timeout}. */
    Datagram expect(int opcode, Duration timeout) throws InterruptedException {
        Datagram d = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(d, String.format("no %04x within %d ms", opcode, timeout.toMillis()));
        assertEquals(opcode, d.opcode(), "expected " + String.format("%04x", opcode) + ", got " + d);
        return d;
    }

    /** Nothing may arrive for {@code quiet}. */
    void expectNothing(Duration quiet, String why) throws InterruptedException {
        assertNull(received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS), why);
    }

    @Override
    public void close() throws IOException {
        commands.close();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
