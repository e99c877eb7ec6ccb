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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
        AnswerLog log = new AnswerLog(peer, count);
        AtomicInteger refused = new AtomicInteger();
        SsmpingListener listener = new SsmpingListener() {
            @Override
            public void onReply(SsmpingReply reply) {
                if (!reply.duplicate()) {
                    log.answer(reply.seq(), reply.multicast(), reply.rttMicros(), reply.size() + headerBytes(peer));
                }
            }

            @Override
            public void onReceiveError(String line, int errno) {
                refused.incrementAndGet();
            }
        };
        long start = System.nanoTime();
        ScheduledExecutorService ticker = ticker(progress, progressEvery,
                () -> log.recent(System.nanoTime() - start, interval, progressEvery));
        long sent;
        String error = "";
        try {
            SsmpingResult result = new SsmpingClient(config).run(listener);
            sent = result.transmitted();
        } catch (IOException e) {
            // no source address, join refused, interface gone: reported with whatever was seen until then
            error = e.getMessage() == null ? e.toString() : e.getMessage();
            sent = (System.nanoTime() - start) / interval.toNanos() + 1;
        } finally {
            ticker.shutdownNow();
        }
        // without padding, the size is that of ssmping's request: type, PID, SEQ, TIMESTAMP and GROUP options
        int smallest = 1 + 8 + 8 + 12 + 5 + group.getAddress().length;
        return log.result((int) Math.min(count, sent), Math.max(payload, smallest) + headerBytes(peer),
                refused.get(), error, interval, bucket);
    }

    /** Calls {@code progress} with what {@code snapshot} says every {@code every}, on a daemon thread. */
    static <T> ScheduledExecutorService ticker(Consumer<T> progress, Duration every,
            Supplier<T> snapshot) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "doctor-progress");
            t.setDaemon(true);
            return t;
        });
        if (progress != null) {
            long ms = every.toMillis();
            ticker.scheduleAtFixedRate(() -> progress.accept(snapshot.get()), ms, ms, TimeUnit.MILLISECONDS);
        }
        return ticker;
    }
}
