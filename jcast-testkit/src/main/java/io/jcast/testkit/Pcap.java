package io.jcast.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the UDP datagrams out of a classic pcap file (Ethernet link type, IPv4 or IPv6 without
 * extension headers), as the fixtures in {@code src/test/resources/captures} are stored.
 */
public final class Pcap {
    private Pcap() {
    }

    /**
     * One UDP datagram.
     *
     * @param timestampMicros capture time in microseconds since the epoch
     * @param ttl             IPv4 TTL or IPv6 hop limit
     */
    public record Datagram(long timestampMicros, InetAddress source, int sourcePort, InetAddress destination,
                           int destinationPort, int ttl, byte[] payload) {
        public ByteBuffer buffer() {
            return ByteBuffer.wrap(payload).asReadOnlyBuffer();
        }

        @Override
        public String toString() {
            return source.getHostAddress() + ":" + sourcePort + " > " + destination.getHostAddress() + ":"
                    + destinationPort + " " + payload.length + " B";
        }
    }

    public static List<Datagram> readUdp(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == 0xa1b2c3d4) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else if (Integer.reverseBytes(magic) == 0xa1b2c3d4) {
            b.order(ByteOrder.BIG_ENDIAN);
        } else {
            throw new IOException(file + ": not a classic microsecond pcap");
        }
        int linkType = b.getInt(20);
        if (linkType != 1) {
            throw new IOException(file + ": link type " + linkType + ", expected Ethernet (1)");
        }
        b.position(24);
        List<Datagram> out = new ArrayList<>();
        while (b.remaining() >= 16) {
            long sec = Integer.toUnsignedLong(b.getInt());
            long usec = Integer.toUnsignedLong(b.getInt());
            int incl = b.getInt();
            b.getInt();
            byte[] frame = new byte[incl];
            b.get(frame);
            Datagram d = parseFrame(sec * 1_000_000 + usec, ByteBuffer.wrap(frame));
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    private static Datagram parseFrame(long ts, ByteBuffer f) throws IOException {
        if (f.remaining() < 14) {
            return null;
        }
        int etherType = f.getShort(12) & 0xffff;
        int ip = 14;
        if (etherType == 0x8100) {
            etherType = f.getShort(16) & 0xffff;
            ip = 18;
        }
        int udp;
        int ttl;
        byte[] src;
        byte[] dst;
        if (etherType == 0x0800) {
            int ihl = (f.get(ip) & 0x0f) * 4;
            if ((f.get(ip + 9) & 0xff) != 17) {
                return null;
            }
            ttl = f.get(ip + 8) & 0xff;
            src = Arrays.copyOfRange(f.array(), ip + 12, ip + 16);
            dst = Arrays.copyOfRange(f.array(), ip + 16, ip + 20);
            udp = ip + ihl;
        } else if (etherType == 0x86dd) {
            if ((f.get(ip + 6) & 0xff) != 17) {
                return null;
            }
            ttl = f.get(ip + 7) & 0xff;
            src = Arrays.copyOfRange(f.array(), ip + 8, ip + 24);
            dst = Arrays.copyOfRange(f.array(), ip + 24, ip + 40);
            udp = ip + 40;
        } else {
            return null;
        }
        int sport = f.getShort(udp) & 0xffff;
        int dport = f.getShort(udp + 2) & 0xffff;
        int len = (f.getShort(udp + 4) & 0xffff) - 8;
        byte[] payload = Arrays.copyOfRange(f.array(), udp + 8, udp + 8 + len);
        return new Datagram(ts, InetAddress.getByAddress(src), sport, InetAddress.getByAddress(dst), dport, ttl,
                payload);
    }
}
