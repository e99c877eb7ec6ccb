package io.jcast.cli.interop;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A UDP endpoint inside a NetLab host, driven by a test outside it (a JVM cannot enter a network namespace; a
 * process started in one can). Arguments: interface, address, broadcast address, port. It binds
 * {@code address:port}, the socket it sends from (SO_BROADCAST, multicast out of the interface), and
 * {@code broadcast:port}, where broadcasts land; prints {@code ready}; then sends each stdin line
 * {@code <ip> <port> <hex>} and prints each datagram received as {@code <u|b> <ip> <port> <hex>} (u: the address
 * socket, b: the broadcast one). It ends when stdin closes.
 */
final class UdpPeerMain {
    private UdpPeerMain() {
    }

    public static void main(String[] args) throws Exception {
        NetworkInterface nif = NetworkInterface.getByName(args[0]);
        int port = Integer.parseInt(args[3]);
        DatagramChannel unicast = DatagramChannel.open(StandardProtocolFamily.INET)
                .setOption(StandardSocketOptions.SO_BROADCAST, true)
                .setOption(StandardSocketOptions.IP_MULTICAST_IF, nif)
                .bind(new InetSocketAddress(InetAddress.getByName(args[1]), port));
        DatagramChannel broadcast = DatagramChannel.open(StandardProtocolFamily.INET)
                .bind(new InetSocketAddress(InetAddress.getByName(args[2]), port));
        relay("u", unicast);
        relay("b", broadcast);
        System.out.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.split(" ");
            unicast.send(ByteBuffer.wrap(HexFormat.of().parseHex(f[2])),
                    new InetSocketAddress(InetAddress.getByName(f[0]), Integer.parseInt(f[1])));
        }
        System.exit(0);
    }

    private static void relay(String tag, DatagramChannel channel) {
        Thread t = new Thread(() -> {
            ByteBuffer buf = ByteBuffer.allocate(65536);
            try {
                while (true) {
                    buf.clear();
                    InetSocketAddress from = (InetSocketAddress) channel.receive(buf);
                    buf.flip();
                    byte[] payload = new byte[buf.remaining()];
                    buf.get(payload);
                    System.out.println(tag + " " + from.getAddress().getHostAddress() + " " + from.getPort() + " "
                            + HexFormat.of().formatHex(payload));
                }
            } catch (Exception e) {
                System.err.println(tag + ": " + e);
            }
        }, "relay-" + tag);
        t.setDaemon(true);
        t.start();
    }
}
