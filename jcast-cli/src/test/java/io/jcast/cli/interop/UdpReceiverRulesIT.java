package io.jcast.cli.interop;

import static io.jcast.cli.interop.Programs.awaitStderr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.cli.interop.Programs.Started;
import io.jcast.cli.interop.ScriptedSender.Datagram;
import io.jcast.protocol.BlockBitmap;
import io.jcast.protocol.Capabilities;
import io.jcast.protocol.ConnectReq;
import io.jcast.protocol.Ok;
import io.jcast.protocol.Opcode;
import io.jcast.protocol.Retransmit;
import io.jcast.testkit.Environment;
import io.jcast.testkit.NetLab;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of Debian's udp-receiver 20120424 that the sender must live with (and that the simulation's
 * UdpReceiverModel states), checked against the binary: a scripted sender on host 0 (10.213.0.1:9001) plays the
 * sender side by hand to a real udp-receiver on host 1. Slices are whole blocks of {@link #BLOCK} bytes; the data
 * goes to {@link #GROUP}, which the CONNECT_REPLY announces.
 */
@Tag("netns")
class UdpReceiverRulesIT {
    private static final int BLOCK = 1024;
    private static final Duration ANSWER = Duration.ofSeconds(2);
    private static final Duration QUIET = Duration.ofMillis(800);
    private static final InetSocketAddress RECEIVER = new InetSocketAddress(NetLab.address(1), ScriptedSender.PORT_BASE);
    private static final Inet4Address GROUP_ADDRESS = ipv4("234.213.0.1");
    private static final InetSocketAddress GROUP = new InetSocketAddress(GROUP_ADDRESS, ScriptedSender.PORT_BASE);

    @TempDir
    Path dir;
    private NetLab lab;
    private ScriptedSender sender;
    private Started receiver;
    private final byte[] data = new byte[16 * BLOCK];

    @BeforeEach
    void lab() throws Exception {
        Environment.assumeNamespaceLab();
        Environment.assumePrograms("udpcast", "udp-receiver");
        lab = NetLab.create(2);
        sender = ScriptedSender.start(lab, 0, dir);
        new Random(1).nextBytes(data);
    }

    @AfterEach
    void close() throws Exception {
        if (sender != null) {
            sender.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    /** (a) There is no timer: a lost CONNECT_REQ or CONNECT_REPLY is repaired only by the sender's next HELLO. */
    @Test
    void connectReqOnceAtStartThenOncePerHello() throws Exception {
        startReceiver();
        Datagram first = sender.expect(Opcode.CONNECT_REQ, Duration.ofSeconds(5));
        assertTrue(first.broadcast(), "the first goes to the control (broadcast) address: " + first);
        assertEquals(RECEIVER, first.from());
        assertEquals(ConnectReq.LENGTH, first.payload().remaining());
        assertEquals(Capabilities.DEFAULT, ConnectReq.decode(first.payload()).capabilities());
        sender.expectNothing(Duration.ofSeconds(3), "no CONNECT_REQ again without a HELLO");
        for (int hello = 1; hello <= 2; hello++) {
            sender.hello(GROUP_ADDRESS, BLOCK);
            Datagram again = sender.expect(Opcode.CONNECT_REQ, ANSWER);
            assertFalse(again.broadcast(), "after a HELLO it asks the HELLO's sender directly: " + again);
            sender.expectNothing(Duration.ofSeconds(2), "one CONNECT_REQ per HELLO (HELLO " + hello + ")");
        }
    }

    /** (b) receivedSliceNo follows the complete slices: slice 2 is accepted after a complete slice 0, slice 3 not. */
    @Test
    void aSliceMoreThanTwoPastTheLastCompleteOneEndsIt() throws Exception {
        connect();
        slice(0, 2, 0, 1);
        slice(1, 2, 0);
        slice(2, 2, 0);
        sender.reqAck(2, 2 * BLOCK, 0, new BlockBitmap(), GROUP);
        sender.expect(Opcode.RETRANSMIT, ANSWER); // alive: slice 2 was accepted
        slice(3, 2, 0);
        assertDroppedByServer(3, 0);
    }

    /**
     * (b) receivedSliceNo starts at -1, not 0: with slice 0 incomplete, slice 1 may start but slice 2 ends it.
     * UdpReceiverModel starts it at 0 and accepts slice 2 here.
     */
    @Test
    void receivedSliceNoStartsBelowSliceZero() throws Exception {
        connect();
        slice(0, 2, 0);
        slice(1, 2, 0);
        sender.reqAck(1, 2 * BLOCK, 0, new BlockBitmap(), GROUP);
        sender.expect(Opcode.RETRANSMIT, ANSWER); // alive: slice 1 was accepted
        slice(2, 2, 0);
        assertDroppedByServer(2, -1);
    }

    /** (b) A skipped slice number is fatal too, worded as "Dropped by server" (UdpReceiverModel: "Slice 1 skipped"). */
    @Test
    void aSkippedSliceIsDroppedByServer() throws Exception {
        connect();
        slice(0, 2, 0, 1);
        slice(2, 2, 0);
        assertDroppedByServer(2, 0);
    }

    /**
     * (c) Once it knows where the data ends (a REQACK with bytes 0) it reads only its unicast socket (the end-phase
     * select(maxFd) bug): with slice 0 still incomplete, a multicast REQACK goes unanswered, a unicast one is
     * answered, and unicast retransmissions finish the transfer.
     */
    @Test
    void afterTheEndMarkerOnlyUnicastIsRead() throws Exception {
        connect();
        slice(0, 3, 0, 2);
        sender.reqAck(0, 3 * BLOCK, 0, new BlockBitmap(), GROUP);
        assertMissing(sender.expect(Opcode.RETRANSMIT, ANSWER), 0, 0, 3, 1);
        sender.reqAck(1, 0, 0, new BlockBitmap(), GROUP);
        assertEquals(1, Ok.decodeSlice(sender.expect(Opcode.OK, ANSWER).payload()), "the end marker is complete");
        sender.reqAck(0, 3 * BLOCK, 1, new BlockBitmap(), GROUP);
        sender.expectNothing(QUIET, "multicast is no longer read");
        sender.reqAck(0, 3 * BLOCK, 2, new BlockBitmap(), RECEIVER);
        assertMissing(sender.expect(Opcode.RETRANSMIT, ANSWER), 0, 2, 3, 1);
        sender.data(0, 1, 3 * BLOCK, data, BLOCK, BLOCK, RECEIVER);
        assertEnds(3 * BLOCK);
    }

    /**
     * (c) Before the end it reads only the socket its first data came on (multicast here): a unicast REQACK waits
     * unread in the unicast socket until the end phase, and is answered then.
     */
    @Test
    void beforeTheEndMarkerOnlyTheDataSocketIsRead() throws Exception {
        connect();
        slice(0, 2, 0);
        sender.reqAck(0, 2 * BLOCK, 0, new BlockBitmap(), GROUP);
        assertMissing(sender.expect(Opcode.RETRANSMIT, ANSWER), 0, 0, 2, 1); // it has read from multicast
        sender.reqAck(0, 2 * BLOCK, 1, new BlockBitmap(), RECEIVER);
        sender.expectNothing(QUIET, "the unicast socket is not read while data flows");
        sender.reqAck(0, 2 * BLOCK, 2, new BlockBitmap(), GROUP);
        assertMissing(sender.expect(Opcode.RETRANSMIT, ANSWER), 0, 2, 2, 1);
        slice(0, 2, 1);
        sender.reqAck(0, 2 * BLOCK, 3, new BlockBitmap(), GROUP);
        assertEquals(0, Ok.decodeSlice(sender.expect(Opcode.OK, ANSWER).payload()));
        sender.reqAck(1, 0, 0, new BlockBitmap(), GROUP);
        assertEquals(1, Ok.decodeSlice(sender.expect(Opcode.OK, ANSWER).payload()));
        // now the end phase reads the unicast socket: the REQACK queued there is for a slice no longer held
        assertEquals(0, Ok.decodeSlice(sender.expect(Opcode.OK, ANSWER).payload()), "the queued unicast REQACK");
        assertEnds(2 * BLOCK);
    }

    /**
     * (c) The first DATA, FEC or REQACK it reads picks its socket for good (closeAllExcept): after a unicast REQACK
     * first, the multicast socket is closed and multicast data never arrives.
     */
    @Test
    void theFirstDataPacketPicksTheSocket() throws Exception {
        connect();
        sender.reqAck(0, 2 * BLOCK, 0, new BlockBitmap(), RECEIVER);
        assertMissing(sender.expect(Opcode.RETRANSMIT, ANSWER), 0, 0, 2, 0, 1);
        slice(0, 2, 0, 1);
        sender.reqAck(0, 2 * BLOCK, 1, new BlockBitmap(), GROUP);
        sender.expectNothing(QUIET, "the multicast socket is closed");
        sender.reqAck(0, 2 * BLOCK, 2, new BlockBitmap(), RECEIVER);
        assertMissing(sender.expect(Opcode.RETRANSMIT, ANSWER), 0, 2, 2, 0, 1);
    }

    /**
     * (c) Point to point (one receiver: udp-sender sends it the data unicast although it announced a group), the
     * unicast socket is the only one left, and the end-phase select(maxFd) misses it too: after the end marker it
     * reads nothing. A repeated end-marker REQACK (its OK was lost) goes unanswered; it says DISCONNECT once a quiet
     * --exit-wait has passed.
     */
    @Test
    void pointToPointNothingIsReadAfterTheEndMarker() throws Exception {
        connect("--exit-wait", "2000");
        sender.data(0, 0, BLOCK, data, 0, BLOCK, RECEIVER);
        sender.reqAck(0, BLOCK, 0, new BlockBitmap(), RECEIVER);
        assertEquals(0, Ok.decodeSlice(sender.expect(Opcode.OK, ANSWER).payload()));
        sender.reqAck(1, 0, 0, new BlockBitmap(), RECEIVER);
        assertEquals(1, Ok.decodeSlice(sender.expect(Opcode.OK, ANSWER).payload()));
        sender.reqAck(1, 0, 1, new BlockBitmap(), RECEIVER);
        sender.expectNothing(QUIET, "the repeated end marker is not read");
        assertEnds(BLOCK);
    }

    /** (d) A second CONNECT_REPLY reaching a connected udp-receiver is reported, and otherwise harmless. */
    @Test
    void aConnectReplyAfterConnectingIsAnUnexpectedOpcode() throws Exception {
        connect();
        sender.connectReply(0, BLOCK, GROUP_ADDRESS, RECEIVER);
        awaitStderr(receiver, "Unexpected opcode 0700", 5);
        slice(0, 1, 0);
        sender.reqAck(0, BLOCK, 0, new BlockBitmap(), GROUP);
        sender.expect(Opcode.OK, ANSWER);
        finish(1, BLOCK);
    }

    /**
     * (e) REQACK: OK if every block is there, else RETRANSMIT with the map of the blocks received and the round
     * echoed; no answer if its bit is in the ready set; nothing unasked; OK for a slice no longer held.
     */
    @Test
    void reqAckIsAnsweredOkWhenCompleteElseRetransmit() throws Exception {
        connect();
        slice(0, 3, 0, 2);
        sender.reqAck(0, 3 * BLOCK, 5, new BlockBitmap(), GROUP);
        Datagram retransmit = sender.expect(Opcode.RETRANSMIT, ANSWER);
        assertEquals(Retransmit.LENGTH, retransmit.payload().remaining());
        assertMissing(retransmit, 0, 5, 3, 1);
        BlockBitmap us = new BlockBitmap();
        us.set(0);
        sender.reqAck(0, 3 * BLOCK, 6, us, GROUP);
        sender.expectNothing(QUIET, "its bit in the ready set: not for it");
        slice(0, 3, 1);
        sender.expectNothing(QUIET, "complete, but no OK before a REQACK");
        sender.reqAck(0, 3 * BLOCK, 7, new BlockBitmap(), GROUP);
        Datagram ok = sender.expect(Opcode.OK, ANSWER);
        assertEquals(Ok.LENGTH, ok.payload().remaining());
        assertEquals(0, Ok.decodeSlice(ok.payload()));
        sender.reqAck(0, 3 * BLOCK, 8, new BlockBitmap(), GROUP);
        assertEquals(0, Ok.decodeSlice(sender.expect(Opcode.OK, ANSWER).payload()), "written already: OK again");
        finish(1, 3 * BLOCK);
    }

    // ---- the script's steps ----------------------------------------------------------------

    /** udp-receiver on host 1 (after the scripted sender: its first CONNECT_REQ must find a socket). */
    private void startReceiver(String... options) throws Exception {
        Path out = dir.resolve("out.bin");
        List<String> cmd = new ArrayList<>(List.of("udp-receiver", "--nokbd", "--interface", NetLab.INTERFACE,
                "--file", out.toString()));
        cmd.addAll(List.of(options));
        receiver = Programs.start(lab, 1, "udp-receiver", cmd, dir, out);
        awaitStderr(receiver, "UDP receiver for", 10);
    }

    /**
     * Starts udp-receiver and joins it as udp-sender does (its first CONNECT_REQ, a HELLO, the asked one, the
     * reply): client #0.
     */
    private void connect(String... receiverOptions) throws Exception {
        startReceiver(receiverOptions);
        sender.expect(Opcode.CONNECT_REQ, Duration.ofSeconds(5));
        sender.hello(GROUP_ADDRESS, BLOCK);
        sender.expect(Opcode.CONNECT_REQ, ANSWER);
        sender.connectReply(0, BLOCK, GROUP_ADDRESS, RECEIVER);
        awaitStderr(receiver, "Listening to multicast on " + GROUP_ADDRESS.getHostAddress(), 5);
        // it prints that before it opens the socket: data sent before it joins the group would be lost
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!lab.exec(1, "ip", "maddr", "show", "dev", NetLab.INTERFACE).contains(GROUP_ADDRESS.getHostAddress())) {
            assertTrue(System.nanoTime() < deadline, "udp-receiver did not join " + GROUP_ADDRESS.getHostAddress());
            Thread.sleep(10);
        }
    }

    /**
     * Multicasts these blocks of slice {@code sliceNo}, {@code blocks} blocks long. Block b of slice n carries input
     * block 2n + b: right for the outputs checked, which are one slice 0 or slices of two blocks.
     */
    private void slice(int sliceNo, int blocks, int... blockNos) throws Exception {
        for (int b : blockNos) {
            sender.data(sliceNo, b, blocks * BLOCK, data, (2 * sliceNo + b) * BLOCK, BLOCK, GROUP);
        }
    }

    /** The end marker as slice {@code endSlice}; then it must say goodbye, exit 0 and have written {@code bytes}. */
    private void finish(int endSlice, int bytes) throws Exception {
        sender.reqAck(endSlice, 0, 0, new BlockBitmap(), GROUP);
        assertEquals(endSlice, Ok.decodeSlice(sender.expect(Opcode.OK, ANSWER).payload()));
        assertEnds(bytes);
    }

    private void assertEnds(int bytes) throws Exception {
        sender.expect(Opcode.DISCONNECT, ANSWER); // after a quiet --exit-wait (500 ms)
        receiver.assertExit(0, 5);
        assertArrayEquals(Arrays.copyOf(data, bytes), Files.readAllBytes(receiver.output()));
    }

    private void assertDroppedByServer(int now, int last) throws Exception {
        sender.expect(Opcode.DISCONNECT, ANSWER); // from its atexit handler
        receiver.assertExit(1, 5);
        assertTrue(receiver.stderrText().contains("Dropped by server now=" + now + " last=" + last + "\n"),
                receiver.stderrText());
    }

    /** A RETRANSMIT for {@code sliceNo} echoing {@code rxmit}, whose map lacks exactly {@code missing} of {@code blocks}. */
    private static void assertMissing(Datagram retransmit, int sliceNo, int rxmit, int blocks, int... missing) {
        assertEquals(sliceNo, retransmit.payload().getInt(Retransmit.SLICE_OFFSET));
        assertEquals(rxmit, retransmit.payload().getInt(Retransmit.RXMIT_OFFSET), "the round is echoed");
        BlockBitmap map = new BlockBitmap();
        map.read(retransmit.payload(), Retransmit.MAP_OFFSET);
        for (int b = 0; b < BlockBitmap.BITS; b++) {
            int block = b;
            boolean received = b < blocks && Arrays.stream(missing).noneMatch(m -> m == block);
            assertEquals(received, map.get(b), "block " + b + " in the map of received blocks");
        }
    }

    private static Inet4Address ipv4(String address) {
        try {
            return (Inet4Address) InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
