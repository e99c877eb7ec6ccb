package io.jcast.diag.doctor;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Asks one ssmpingd peer (jcast ssmpingd, Debian ssmpingd, FRR pimd) for answers, the ssmping 0.9.1 way:
 * requests go unicast from an ephemeral port P to peer:4321; the peer answers unicast and to group:P;
 * we joined (peer, group). Unicast and multicast answers are told apart by the socket they reach. Sent at a
 * fixed rate for a bounded count, then answers are awaited for a drain time.
 */
public final class PeerProbe implements AutoCloseable {
    public static final int SSMPING_PORT = 4321;
    public static final InetAddress GROUP_V4 = literal("232.43.211.234");
    public static final InetAddress GROUP_V6 = literal("ff3e::4321:1234");

    static final byte REQUEST = 'Q';
    static final byte REPLY = 'A';
    static final int OPT_PID = 1;
    static final int OPT_SEQ = 2;
    static final int OPT_TIMESTAMP = 3;
    static final int OPT_GROUP = 4;
    static final int OPT_PAD = 8;

    /** What the long mode prints while it runs. */
    public record Progress(InetAddress peer, Duration elapsed, Duration total, int sent, int unicast, int multicast) {
    }

    private final InetAddress peer;
    private final InetAddress group;
    private final int pid = (int) ProcessHandle.current().pid();
    private final DatagramChannel unicast;
    private final DatagramChannel multicast;
    private final Selector selector;

    public PeerProbe(InetAddress peer, InetAddress group, NetworkInterface nif, int port) throws IOException {
        this.peer = peer;
        this.group = group;
        ProtocolFamily family = peer instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        InetAddress local = localAddress(nif, peer instanceof Inet6Address);
        DatagramChannel u = null;
        DatagramChannel m = null;
        try {
            u = DatagramChannel.open(family);
            u.bind(new InetSocketAddress(local, 0));
            u.connect(new InetSocketAddress(peer, port));
            m = DatagramChannel.open(family);
            m.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            m.bind(new InetSocketAddress(group, ((InetSocketAddress) u.getLocalAddress()).getPort()));
            m.join(group, nif, peer);
            u.configureBlocking(false);
            m.configureBlocking(false);
            selector = Selector.open();
            u.register(selector, SelectionKey.OP_READ);
            m.register(selector, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            if (u != null) {
                u.close();
            }
            if (m != null) {
                m.close();
            }
            throw e;
        }
        unicast = u;
        multicast = m;
    }

    private static InetAddress localAddress(NetworkInterface nif, boolean v6) throws IOException {
        List<InetAddress> candidates = Collections.list(nif.getInetAddresses()).stream()
                .filter(a -> (a instanceof Inet6Address) == v6).toList();
        return candidates.stream().filter(a -> !a.isLinkLocalAddress()).findFirst()
                .or(() -> candidates.stream().findFirst())
                .orElseThrow(() -> new IOException(nif.getName() + " has no " + (v6 ? "IPv6" : "IPv4") + " address"));
    }

    /**
     * Sends {@code count} requests of {@code size} bytes (IP datagram) every {@code interval}, then waits
     * {@code drain} for late answers. {@code progress} is called about every {@code progressEvery}.
     */
    public ProbeResult run(int count, Duration interval, int size, Duration drain, Duration bucket,
            Duration progressEvery, Consumer<Progress> progress) throws IOException, InterruptedException {
        int payload = Math.max(minimumPayload(group), size - headerBytes(peer));
        long[] sentAt = new long[count + 1];
        long[] uniRtt = new long[count + 1];
        long[] mcRtt = new long[count + 1];
        ByteBuffer in = ByteBuffer.allocate(65536);
        int sent = 0;
        int refused = 0;
        String sendError = "";
        long start = System.nanoTime();
        long nextSend = start;
        long intervalNanos = interval.toNanos();
        long end = Long.MAX_VALUE;
        long nextProgress = start + progressEvery.toNanos();
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long now = System.nanoTime();
            if (sent < count && now - nextSend >= 0) {
                sent++;
                sentAt[sent] = System.nanoTime();
                try {
                    unicast.write(request(pid, sent, Instant.now(), payload, group));
                } catch (PortUnreachableException e) {
                    refused++;
                } catch (IOException e) {
                    if (sendError.isEmpty()) {
                        sendError = e.getMessage() == null ? e.toString() : e.getMessage();
                    }
                }
                nextSend += intervalNanos;
                if (sent == count) {
                    end = sentAt[sent] + drain.toNanos();
                }
            }
            if (now - end >= 0) {
                break;
            }
            if (progress != null && now - nextProgress >= 0) {
                nextProgress += progressEvery.toNanos();
                progress.accept(recent(now, start, progressEvery, sentAt, uniRtt, mcRtt, sent, count, interval));
            }
            long waitNanos = Math.min(sent < count ? nextSend - now : end - now, 100_000_000L);
            selector.select(Math.max(1, waitNanos / 1_000_000));
            for (SelectionKey key : selector.selectedKeys()) {
                DatagramChannel ch = (DatagramChannel) key.channel();
                while (true) {
                    in.clear();
                    try {
                        if (ch.receive(in) == null) {
                            break;
                        }
                    } catch (PortUnreachableException e) {
                        refused++;
                        continue;
                    }
                    long received = System.nanoTime();
                    in.flip();
                    OptionalInt seq = replySeq(in, pid);
                    if (seq.isPresent() && seq.getAsInt() >= 1 && seq.getAsInt() <= sent) {
                        long[] rtt = ch == unicast ? uniRtt : mcRtt;
                        int s = seq.getAsInt();
                        if (rtt[s] == 0) {
                            rtt[s] = Math.max(1, (received - sentAt[s]) / 1000);
                        }
                    }
                }
            }
            selector.selectedKeys().clear();
        }
        List<ProbeResult.Bucket> buckets = buckets(start, bucket, sentAt, uniRtt, mcRtt, sent);
        return new ProbeResult(peer, payload + headerBytes(peer), sent, stats(uniRtt, sent), stats(mcRtt, sent),
                refused, sendError, bucket.toMillis(), buckets);
    }

    private Progress recent(long now, long start, Duration window, long[] sentAt, long[] uniRtt, long[] mcRtt,
            int sent, int count, Duration interval) {
        // requests of the last window that have had a second to be answered
        long from = now - window.toNanos() - 1_000_000_000L;
        long to = now - 1_000_000_000L;
        int n = 0;
        int u = 0;
        int m = 0;
        for (int s = 1; s <= sent; s++) {
            if (sentAt[s] - from >= 0 && sentAt[s] - to < 0) {
                n++;
                u += uniRtt[s] > 0 ? 1 : 0;
                m += mcRtt[s] > 0 ? 1 : 0;
            }
        }
        return new Progress(peer, Duration.ofNanos(now - start), interval.multipliedBy(count), n, u, m);
    }

    private static List<ProbeResult.Bucket> buckets(long start, Duration bucket, long[] sentAt, long[] uniRtt,
            long[] mcRtt, int sent) {
        List<ProbeResult.Bucket> out = new ArrayList<>();
        long width = Math.max(1, bucket.toNanos());
        int[][] counts = new int[sent == 0 ? 0 : (int) ((sentAt[sent] - start) / width) + 1][3];
        for (int s = 1; s <= sent; s++) {
            int b = (int) ((sentAt[s] - start) / width);
            counts[b][0]++;
            counts[b][1] += uniRtt[s] > 0 ? 1 : 0;
            counts[b][2] += mcRtt[s] > 0 ? 1 : 0;
        }
        for (int[] c : counts) {
            out.add(new ProbeResult.Bucket(c[0], c[1], c[2]));
        }
        return out;
    }

    private static ProbeResult.Stats stats(long[] rtt, int sent) {
        int n = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        long sum = 0;
        for (int s = 1; s <= sent; s++) {
            if (rtt[s] > 0) {
                n++;
                min = Math.min(min, rtt[s]);
                max = Math.max(max, rtt[s]);
                sum += rtt[s];
            }
        }
        return n == 0 ? new ProbeResult.Stats(0, -1, -1, -1) : new ProbeResult.Stats(n, min, sum / n, max);
    }

    static int headerBytes(InetAddress peer) {
        return (peer instanceof Inet4Address ? 20 : 40) + 8;
    }

    static int minimumPayload(InetAddress group) {
        return 1 + 8 + 8 + 12 + 5 + group.getAddress().length;
    }

    /**
     * An ssmping 0.9.1 request of exactly {@code payload} bytes: PID, SEQ, TIMESTAMP, a PAD option to reach the
     * size (the server echoes the request verbatim, so the answer is as large), GROUP last as ssmping sends it.
     */
    static ByteBuffer request(int pid, int seq, Instant now, int payload, InetAddress group) {
        int min = minimumPayload(group);
        ByteBuffer b = ByteBuffer.allocate(Math.max(payload, min));
        b.put(REQUEST);
        b.putShort((short) OPT_PID).putShort((short) 4).putInt(pid);
        b.putShort((short) OPT_SEQ).putShort((short) 4).putInt(seq);
        b.putShort((short) OPT_TIMESTAMP).putShort((short) 8).putInt((int) now.getEpochSecond())
                .putInt(now.getNano() / 1000);
        int pad = payload - min - 4;
        if (pad >= 0) {
            b.putShort((short) OPT_PAD).putShort((short) pad).put(new byte[pad]);
        }
        byte[] g = group.getAddress();
        b.putShort((short) OPT_GROUP).putShort((short) (1 + g.length)).put((byte) (g.length == 4 ? 1 : 2)).put(g);
        return b.flip();
    }

    /** The sequence number of an answer to one of our requests, or empty for anything else (counted as foreign). */
    static OptionalInt replySeq(ByteBuffer b, int pid) {
        if (b.remaining() < 1 || b.get(b.position()) != REPLY) {
            return OptionalInt.empty();
        }
        int p = b.position() + 1;
        Integer gotPid = null;
        Integer seq = null;
        while (p + 4 <= b.limit()) {
            int type = b.getShort(p) & 0xffff;
            int len = b.getShort(p + 2) & 0xffff;
            if (p + 4 + len > b.limit()) {
                break;
            }
            if (type == OPT_PID && len == 4) {
                gotPid = b.getInt(p + 4);
            } else if (type == OPT_SEQ && len == 4) {
                seq = b.getInt(p + 4);
            }
            p += 4 + len;
        }
        return gotPid != null && gotPid == pid && seq != null ? OptionalInt.of(seq) : OptionalInt.empty();
    }

    @Override
    public void close() throws IOException {
        try (selector; unicast; multicast) {
            // closes all three
        }
    }

    private static InetAddress literal(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
