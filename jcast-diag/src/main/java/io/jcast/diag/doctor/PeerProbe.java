package io.jcast.diag.doctor;

import io.jcast.diag.ssmping.SsmpingClient;
import io.jcast.diag.ssmping.SsmpingClientConfig;
import io.jcast.diag.ssmping.SsmpingListener;
import io.jcast.diag.ssmping.SsmpingReply;
import io.jcast.diag.ssmping.SsmpingResult;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * Asks one ssmpingd peer (jcast ssmpingd, Debian ssmpingd, FRR pimd) for unicast and multicast answers through
 * {@link SsmpingClient}: requests at a fixed rate, (peer, group) joined on the interface under test. Keeps the
 * answer of every sequence number, so that loss can be seen over time (the long mode) and not only in total.
 */
public final class PeerProbe {
    /** What the long mode prints while it runs: the answers to the requests of the last window. */
    public record Progress(InetAddress peer, Duration elapsed, Duration total, int sent, int unicast, int multicast) {
    }

    private final InetAddress peer;
    private final InetAddress group;
    private final NetworkInterface nif;
    private final int port;

    public PeerProbe(InetAddress peer, InetAddress group, NetworkInterface nif, int port) {
        this.peer = peer;
        this.group = group;
        this.nif = nif;
        this.port = port;
    }

    static int headerBytes(InetAddress address) {
        return (address instanceof Inet4Address ? 20 : 40) + 8;
    }

    /**
     * Sends {@code count} requests, each an IP datagram of {@code size} bytes (0 = as small as the protocol allows),
     * every {@code interval}. Requests go on for {@code drain} longer so that late answers to the counted ones still
     * arrive; only the first {@code count} are counted.
     */
    public ProbeResult run(int count, Duration interval, int size, Duration drain, Duration bucket,
            Duration progressEvery, Consumer<Progress> progress) {
        int extra = (int) Math.min(1000, (drain.toNanos() + interval.toNanos() - 1) / interval.toNanos());
        int payload = size <= 0 ? 0 : size - headerBytes(peer);
        SsmpingClientConfig config = SsmpingClientConfig.ssm(peer).withGroup(group, true).withPort(port)
                .withJoinInterface(nif).withCount(count + extra).withInterval(interval)
                .withRequestSize(Math.max(0, payload));
        AtomicLongArray uniRtt = new AtomicLongArray(count + 1);
        AtomicLongArray mcRtt = new AtomicLongArray(count + 1);
        AtomicInteger refused = new AtomicInteger();
        SsmpingListener listener = new SsmpingListener() {
            @Override
            public void onReply(SsmpingReply reply) {
                if (!reply.duplicate() && reply.seq() >= 1 && reply.seq() <= count) {
                    (reply.multicast() ? mcRtt : uniRtt).compareAndSet((int) reply.seq(), 0, Math.max(1,
                            reply.rttMicros()));
                }
            }

            @Override
            public void onReceiveError(String line, int errno) {
                refused.incrementAndGet();
            }
        };
        SsmpingClient client = new SsmpingClient(config);
        long start = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "doctor-progress");
            t.setDaemon(true);
            return t;
        });
        if (progress != null) {
            long every = progressEvery.toMillis();
            ticker.scheduleAtFixedRate(() -> progress.accept(recent(System.nanoTime() - start, count, interval,
                    progressEvery, uniRtt, mcRtt)), every, every, TimeUnit.MILLISECONDS);
        }
        long sent;
        String sendError = "";
        // setup failures (no route, join refused) are reported as a send error: the peer is then unreachable
        try {
            SsmpingResult result = client.run(listener);
            sent = Math.min(count, result.transmitted());
        } catch (IOException e) {
            // a failure after the sockets were set up (e.g. the interface went away): report what was seen
            sendError = e.getMessage() == null ? e.toString() : e.getMessage();
            sent = Math.min(count, (System.nanoTime() - start) / interval.toNanos() + 1);
        } finally {
            ticker.shutdownNow();
        }
        int n = (int) sent;
        // ssmping's request without padding: type, PID, SEQ, TIMESTAMP and GROUP options
        int smallest = 1 + 8 + 8 + 12 + 5 + group.getAddress().length;
        int ipSize = (payload > smallest ? payload : smallest) + headerBytes(peer);
        return new ProbeResult(peer, ipSize, n, stats(uniRtt, n), stats(mcRtt, n), refused.get(), sendError,
                bucket.toMillis(), buckets(n, interval, bucket, uniRtt, mcRtt));
    }

    private Progress recent(long elapsedNanos, int count, Duration interval, Duration window, AtomicLongArray uniRtt,
            AtomicLongArray mcRtt) {
        // the requests of the last window that have had a second to be answered
        long to = Math.min(count, (elapsedNanos - 1_000_000_000L) / interval.toNanos());
        long from = Math.max(1, to - window.toNanos() / interval.toNanos() + 1);
        int n = 0;
        int u = 0;
        int m = 0;
        for (long s = from; s <= to; s++) {
            n++;
            u += uniRtt.get((int) s) > 0 ? 1 : 0;
            m += mcRtt.get((int) s) > 0 ? 1 : 0;
        }
        return new Progress(peer, Duration.ofNanos(elapsedNanos), interval.multipliedBy(count), n, u, m);
    }

    private static List<ProbeResult.Bucket> buckets(int sent, Duration interval, Duration bucket,
            AtomicLongArray uniRtt,
            AtomicLongArray mcRtt) {
        long perBucket = Math.max(1, bucket.toNanos() / interval.toNanos());
        List<ProbeResult.Bucket> out = new ArrayList<>();
        for (int first = 1; first <= sent; first += perBucket) {
            int n = 0;
            int u = 0;
            int m = 0;
            for (int s = first; s < first + perBucket && s <= sent; s++) {
                n++;
                u += uniRtt.get(s) > 0 ? 1 : 0;
                m += mcRtt.get(s) > 0 ? 1 : 0;
            }
            out.add(new ProbeResult.Bucket(n, u, m));
        }
        return out;
    }

    private static ProbeResult.Stats stats(AtomicLongArray rtt, int sent) {
        int n = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        long sum = 0;
        for (int s = 1; s <= sent; s++) {
            long r = rtt.get(s);
            if (r > 0) {
                n++;
                min = Math.min(min, r);
                max = Math.max(max, r);
                sum += r;
            }
        }
        return n == 0 ? new ProbeResult.Stats(0, -1, -1, -1) : new ProbeResult.Stats(n, min, sum / n, max);
    }
}
