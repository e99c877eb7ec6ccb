package io.jcast.diag.doctor;

import io.jcast.diag.omping.AnswerEvent;
import io.jcast.diag.omping.Cast;
import io.jcast.diag.omping.OmpingConfig;
import io.jcast.diag.omping.OmpingListener;
import io.jcast.diag.omping.OmpingResult;
import io.jcast.diag.omping.OmpingSession;
import io.jcast.diag.omping.Peer;
import io.jcast.diag.omping.PeerResult;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Asks omping peers (jcast omping or omping 0.0.5, each started with this host among its nodes) for unicast and
 * multicast Answers, as {@code omping -O client} does: one session queries every peer at the interval the peers
 * use (they drop faster Queries), and the Answers are kept per sequence number like {@link PeerProbe}'s.
 */
public final class OmpingProbe {
    private final List<String> hosts;
    private final List<InetAddress> peers;
    private final InetAddress group;
    private final NetworkInterface nif;
    private final int port;

    public OmpingProbe(List<String> hosts, List<InetAddress> peers, InetAddress group, NetworkInterface nif, int port) {
        this.hosts = List.copyOf(hosts);
        this.peers = List.copyOf(peers);
        this.group = group;
        this.nif = nif;
        this.port = port;
    }

    /**
     * Sends {@code count} Queries to every peer, one per {@code interval}, and one more whose Answers are not
     * counted (the session ends right after its last Query). A peer that never answers the Init is given up after
     * the run's time plus 15 s. Results in the order of the peers.
     */
    public List<ProbeResult> run(int count, Duration interval, Duration bucket, Duration progressEvery,
            Consumer<PeerProbe.Progress> progress) {
        Map<InetAddress, AnswerLog> logs = new LinkedHashMap<>();
        List<Peer> list = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            logs.put(peers.get(i), new AnswerLog(peers.get(i), count));
            list.add(new Peer(hosts.get(i), peers.get(i)));
        }
        OmpingListener listener = new OmpingListener() {
            @Override
            public void onAnswer(AnswerEvent a) {
                AnswerLog log = logs.get(a.peer().address());
                if (log != null && !a.duplicate()) {
                    log.answer(a.sequence(), a.cast() != Cast.UNICAST, Math.round(a.rttMs() * 1000),
                            a.sizeBytes() + PeerProbe.headerBytes(a.peer().address()));
                }
            }
        };
        long start = System.nanoTime();
        ScheduledExecutorService ticker = PeerProbe.ticker(progress, progressEvery, () -> {
            long elapsed = System.nanoTime() - start;
            return logs.values().iterator().next().recent(elapsed, interval, progressEvery);
        });
        Map<InetAddress, Long> sent = new LinkedHashMap<>();
        String error = "";
        try {
            OmpingConfig config = OmpingConfig.builder(localAddress(), list).group(group).port(port)
                    .intervalMs(interval.toMillis()).count(count + 1).clientOnly(true).waitForFinishMs(0)
                    .timeoutMs(interval.multipliedBy(count + 1).plusSeconds(15).toMillis()).build();
            try (OmpingSession session = OmpingSession.start(config, listener)) {
                OmpingResult result = session.await();
                for (PeerResult r : result.peers()) {
                    sent.put(r.peer().address(), r.unicast().sent());
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        } finally {
            ticker.shutdownNow();
        }
        List<ProbeResult> out = new ArrayList<>();
        for (Map.Entry<InetAddress, AnswerLog> e : logs.entrySet()) {
            long n = sent.getOrDefault(e.getKey(), 0L);
            out.add(e.getValue().result((int) Math.min(count, n), 0, 0, error, interval, bucket));
        }
        return out;
    }

    private InetAddress localAddress() throws IOException {
        boolean v6 = peers.get(0) instanceof Inet6Address;
        List<InetAddress> candidates = Collections.list(nif.getInetAddresses()).stream()
                .filter(a -> (a instanceof Inet6Address) == v6).toList();
        return candidates.stream().filter(a -> !a.isLinkLocalAddress()).findFirst()
                .or(() -> candidates.stream().findFirst())
                .orElseThrow(() -> new IOException(nif.getName() + " has no " + (v6 ? "IPv6" : "IPv4") + " address"));
    }
}
