package io.jcast.diag.doctor;

import io.jcast.diag.ssmping.SsmpingGroups;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs the local checks and the peer probes and draws the verdict. The local checks read through the
 * {@link LocalSystem}; the probes use real sockets on the interface under test.
 */
public final class Doctor {
    /** Datagrams of the flood probe are as small as the protocol allows; full-size ones are probed separately. */
    static final int LARGE_COUNT = 10;
    static final Duration LARGE_INTERVAL = Duration.ofMillis(20);
    static final Duration DRAIN = Duration.ofMillis(500);
    static final Duration LONG_INTERVAL = Duration.ofMillis(200);
    static final Duration LONG_BUCKET = Duration.ofSeconds(5);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    /**
     * @param interfaceName the interface to check; null = the one that reaches the first peer (or the group)
     * @param group         the group the peers answer to; null = the ssmping default of the peers' IP version
     * @param count         requests of the flood probe, per peer
     * @param rate          requests per second of the flood probe
     * @param longDuration  how long the long mode probes (10 minutes by default)
     * @param querierWait   how long to listen for an IGMP query without the long mode
     * @param omping        the peers run omping (with this host among their nodes) rather than ssmpingd
     */
    public record Options(String interfaceName, List<String> peers, InetAddress group, int port, int count, int rate,
            boolean longMode, Duration longDuration, Duration querierWait, boolean omping) {
        public Options {
            peers = List.copyOf(peers);
        }

        /** Peers that run ssmpingd (the form jcast-server's diagnostics page uses). */
        public Options(String interfaceName, List<String> peers, InetAddress group, int port, int count, int rate,
                boolean longMode, Duration longDuration, Duration querierWait) {
            this(interfaceName, peers, group, port, count, rate, longMode, longDuration, querierWait, false);
        }

        /** What a peer must run, for the texts. */
        String responder() {
            return omping ? "jcast omping (or omping) with this host among its nodes" : "jcast ssmpingd";
        }
    }

    private final LocalSystem system;
    private final Consumer<String> progress;

    /** {@code progress} receives the long mode's progress lines (stderr in the CLI). */
    public Doctor(LocalSystem system, Consumer<String> progress) {
        this.system = system;
        this.progress = progress;
    }

    public DoctorReport run(Options o) throws DoctorInputException {
        List<InetAddress> peers = resolve(o.peers());
        boolean v6 = o.group() != null ? o.group() instanceof Inet6Address
                : !peers.isEmpty() && peers.get(0) instanceof Inet6Address;
        InetAddress group = o.group() != null ? o.group()
                : peers.isEmpty() ? SsmpingGroups.DEFAULT_IPV4 : SsmpingGroups.defaultGroup(peers.get(0));
        if (!group.isMulticastAddress()) {
            throw new DoctorInputException(SsmpingGroups.text(group) + " is not a multicast address");
        }
        for (InetAddress p : peers) {
            if ((p instanceof Inet6Address) != v6) {
                throw new DoctorInputException("peer " + SsmpingGroups.text(p) + " and group "
                        + SsmpingGroups.text(group) + " are of different IP versions; run the doctor once per IP"
                        + " version");
            }
        }
        LocalChecks local = new LocalChecks(system);
        String ifname = o.interfaceName();
        if (ifname != null && !local.interfaceExists(ifname)) {
            throw new DoctorInputException("unknown interface: " + ifname);
        }
        if (ifname == null) {
            ifname = local.routeInterface(peers.isEmpty() ? group : peers.get(0)).orElse(null);
        }
        if (ifname == null) {
            List<Check> none = List.of(Check.skipped("interface", "no --interface given and no route to "
                    + SsmpingGroups.text(peers.isEmpty() ? group : peers.get(0)) + " to pick one from"));
            return new DoctorReport(null, group, none, List.of(),
                    Verdict.of("?", -1, o.port(), o.responder(), none, List.of()));
        }
        String dev = ifname;
        // the long mode listens for the whole run (a querier speaks at least every 125 s), with or without peers
        Duration querierWait = o.longMode() ? o.longDuration().plusSeconds(5) : o.querierWait();
        if (o.longMode() && peers.isEmpty() && !v6) {
            progress.accept("listening for IGMP queries on " + dev + " for " + querierWait.toSeconds() + " s");
        }
        CompletableFuture<Check> querier = new CompletableFuture<>();
        if (v6) {
            querier.complete(Check.skipped("igmp_querier", "IPv6 uses MLD; MLD queriers are not checked"));
        } else {
            // listens while the other checks and the probes run
            Thread listener = new Thread(() -> {
                try {
                    querier.complete(local.querier(dev, querierWait));
                } catch (RuntimeException e) {
                    querier.complete(Check.skipped("igmp_querier", "the capture failed: " + e));
                }
            }, "doctor-querier");
            listener.setDaemon(true);
            listener.start();
        }

        List<Check> checks = new ArrayList<>();
        checks.add(local.interfaceState(ifname));
        checks.add(local.addressCheck(ifname, v6));
        checks.add(local.route(ifname, group));
        if (!v6) {
            checks.add(local.rpFilter(ifname, peers));
        }
        checks.add(local.mtu(ifname));
        checks.add(local.firewall(ifname, local.addresses(ifname), group));
        if (!v6) {
            checks.add(local.igmpVersion(ifname));
        }
        checks.add(local.bridges(ifname));

        List<PeerReport> reports = new ArrayList<>();
        int mtu = local.mtuOf(ifname).orElse(-1);
        if (!peers.isEmpty()) {
            Optional<NetworkInterface> nif = javaInterface(ifname);
            if (nif.isEmpty()) {
                checks.add(Check.skipped("peer", ifname + " is not visible to Java here; peers not probed"));
            } else {
                reports.addAll(o.omping() ? probeOmping(o, peers, group, nif.get())
                        : probeAll(o, peers, group, nif.get(), mtu));
            }
        }
        checks.add(querier.join());
        for (PeerReport r : reports) {
            checks.addAll(peerChecks(r, o));
        }
        return new DoctorReport(ifname, group, checks, reports,
                Verdict.of(ifname, mtu, o.port(), o.responder(), checks, reports));
    }

    private static List<InetAddress> resolve(List<String> hosts) throws DoctorInputException {
        List<InetAddress> out = new ArrayList<>();
        for (String h : hosts) {
            InetAddress a;
            try {
                a = InetAddress.getByName(h);
            } catch (UnknownHostException e) {
                throw new DoctorInputException("unknown peer host: " + h);
            }
            if (a.isMulticastAddress() || a.isAnyLocalAddress()) {
                throw new DoctorInputException("peer " + h + " is not a unicast address: --peer names a host running"
                        + " jcast ssmpingd or omping");
            }
            out.add(a);
        }
        return out;
    }

    private static Optional<NetworkInterface> javaInterface(String name) {
        try {
            return Optional.ofNullable(NetworkInterface.getByName(name));
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private List<PeerReport> probeAll(Options o, List<InetAddress> peers, InetAddress group, NetworkInterface nif,
            int mtu) {
        ExecutorService pool = Executors.newFixedThreadPool(peers.size(), r -> {
            Thread t = new Thread(r, "doctor-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<PeerReport>> futures = new ArrayList<>();
            for (int i = 0; i < peers.size(); i++) {
                String host = o.peers().get(i);
                InetAddress address = peers.get(i);
                futures.add(pool.submit(() -> probe(o, host, address, group, nif, mtu)));
            }
            List<PeerReport> out = new ArrayList<>();
            for (Future<PeerReport> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * omping peers, all in one client session: Queries at the peers' interval (one per second unless they run
     * with another -i), no full-size datagrams (omping has no padding), the long mode at the same interval.
     */
    private List<PeerReport> probeOmping(Options o, List<InetAddress> peers, InetAddress group, NetworkInterface nif) {
        OmpingProbe probe = new OmpingProbe(o.peers(), peers, group, nif, o.port());
        Duration interval = Duration.ofNanos(1_000_000_000L / o.rate());
        List<ProbeResult> flood = probe.run(o.count(), interval, Duration.ofSeconds(1), PROGRESS_EVERY, null);
        List<Optional<ProbeResult>> longRuns = new ArrayList<>(Collections.nCopies(peers.size(), Optional.empty()));
        if (o.longMode() && flood.stream().anyMatch(f -> f.unicast().received() > 0)) {
            int count = (int) Math.max(1, o.longDuration().toNanos() / interval.toNanos());
            progress.accept(String.format(Locale.ROOT, "long test of %s: %d s, one omping Query every %d ms;"
                    + " multicast that stops while unicast goes on means IGMP snooping without a querier",
                    String.join(", ", o.peers()), o.longDuration().toSeconds(), interval.toMillis()));
            List<ProbeResult> runs = probe.run(count, interval, LONG_BUCKET, PROGRESS_EVERY,
                    p -> progress.accept(progressLine(o.peers().get(0), p)));
            for (int i = 0; i < runs.size(); i++) {
                longRuns.set(i, Optional.of(runs.get(i)));
            }
        }
        List<PeerReport> out = new ArrayList<>();
        for (int i = 0; i < peers.size(); i++) {
            out.add(new PeerReport(o.peers().get(i), peers.get(i), flood.get(i), List.of(), longRuns.get(i)));
        }
        return out;
    }

    private static String progressLine(String host, PeerProbe.Progress p) {
        return String.format(Locale.ROOT, "long test of %s: %3d/%d s; last %d s: unicast %d/%d, multicast %d/%d",
                host, p.elapsed().toSeconds(), p.total().toSeconds(), PROGRESS_EVERY.toSeconds(), p.unicast(),
                p.sent(), p.multicast(), p.sent());
    }

    private PeerReport probe(Options o, String host, InetAddress address, InetAddress group, NetworkInterface nif,
            int mtu) {
        PeerProbe probe = new PeerProbe(address, group, nif, o.port());
        Duration interval = Duration.ofNanos(1_000_000_000L / o.rate());
        ProbeResult flood = probe.run(o.count(), interval, 0, DRAIN, Duration.ofSeconds(1), PROGRESS_EVERY, null);
        List<ProbeResult> large = new ArrayList<>();
        if (mtu > 0 && flood.unicast().received() > 0) {
            List<Integer> sizes = new ArrayList<>(List.of(mtu));
            if (mtu < 1500) {
                sizes.add(1500); // a peer with the usual MTU answers with datagrams this host cannot take
            }
            for (int size : sizes) {
                large.add(probe.run(LARGE_COUNT, LARGE_INTERVAL, size, DRAIN, Duration.ofSeconds(1), PROGRESS_EVERY,
                        null));
            }
        }
        Optional<ProbeResult> longRun = Optional.empty();
        if (o.longMode() && flood.unicast().received() > 0) {
            int count = (int) Math.max(1, o.longDuration().toNanos() / LONG_INTERVAL.toNanos());
            progress.accept(String.format(Locale.ROOT, "long test of %s: %d s, one request every %d ms; multicast that"
                    + " stops while unicast goes on means IGMP snooping without a querier", host,
                    o.longDuration().toSeconds(), LONG_INTERVAL.toMillis()));
            longRun = Optional.of(probe.run(count, LONG_INTERVAL, 0, Duration.ofSeconds(1), LONG_BUCKET, PROGRESS_EVERY,
                    p -> progress.accept(progressLine(host, p))));
        }
        return new PeerReport(host, address, flood, large, longRun);
    }

    private static List<Check> peerChecks(PeerReport r, Options o) {
        List<Check> out = new ArrayList<>();
        ProbeResult f = r.flood();
        String at = " at " + o.rate() + "/s";
        if (f.unicast().received() == 0) {
            String what = o.omping() && f.sent() == 0 ? "no response from " + r.host() + " to omping's Init"
                    : "no unicast answer from " + r.host() + " to " + f.sent() + " requests" + at;
            out.add(Check.fail("peer_unicast", what
                    + (f.refused() > 0 ? " (port unreachable: nothing listens on UDP " + o.port() + ")" : "")
                    + (f.sendError().isEmpty() ? "" : " (" + f.sendError() + ")"),
                    "start " + o.responder() + " on " + r.host() + "; allow UDP " + o.port() + " in its firewall"));
        } else {
            String d = answered(f, f.unicast(), f.unicastLoss()) + at;
            out.add(f.unicastLoss() > 5 ? Check.warn("peer_unicast", d, "look for a congested or lossy link")
                    : Check.ok("peer_unicast", d));
        }
        if (f.unicast().received() > 0) {
            String d = answered(f, f.multicast(), f.multicastLoss()) + at;
            if (f.multicast().received() == 0) {
                out.add(Check.fail("peer_multicast", "no multicast answer from " + r.host() + " while unicast answers"
                        + at, "see the verdict"));
            } else if (f.multicastLoss() > f.unicastLoss() + 10) {
                out.add(Check.warn("peer_multicast", d, "see the verdict"));
            } else {
                out.add(Check.ok("peer_multicast", d));
            }
        }
        for (ProbeResult large : r.large()) {
            String d = large.size() + "-byte datagrams: unicast " + large.unicast().received() + "/" + large.sent()
                    + ", multicast " + large.multicast().received() + "/" + large.sent();
            // without multicast at all, a missing large multicast answer says nothing about the MTU
            boolean multicastLost = large.multicast().received() == 0 && f.multicast().received() > 0;
            out.add(large.unicast().received() == 0 || multicastLost
                    ? Check.fail("peer_mtu", d, "see the verdict") : Check.ok("peer_mtu", d));
        }
        if (o.omping() && f.unicast().received() > 0) {
            out.add(Check.skipped("peer_mtu", "omping sends no full-size datagrams; jcast ssmpingd peers are probed"
                    + " with them"));
        }
        r.longRun().ifPresent(run -> {
            PeerReport.LongOutcome lo = PeerReport.analyse(run);
            String d = String.format(Locale.ROOT, "%d requests: unicast %d/%d, multicast %d/%d; per %d s: %s",
                    run.sent(), run.unicast().received(), run.sent(), run.multicast().received(), run.sent(),
                    run.bucketMillis() / 1000, timeline(run));
            out.add(switch (lo.pattern()) {
                case STEADY -> Check.ok("peer_long", d);
                case INTERMITTENT -> Check.warn("peer_long", "multicast intermittent: " + d, "see the verdict");
                case STOPPED -> Check.fail("peer_long",
                        "multicast stopped after " + lo.stoppedAfterSeconds() + " s: " + d, Verdict.QUERIER_FIX);
                case NEVER, NO_UNICAST -> Check.fail("peer_long", d, "see the verdict");
            });
        });
        return out.stream().map(c -> c.forPeer(r.host())).toList();
    }

    private static String answered(ProbeResult r, ProbeResult.Stats s, double loss) {
        return String.format(Locale.ROOT, "%d/%d answered (%.0f %% loss), rtt min/avg/max %.3f/%.3f/%.3f ms",
                s.received(), r.sent(), loss, s.minMicros() / 1000.0, s.avgMicros() / 1000.0, s.maxMicros() / 1000.0);
    }

    /** "u/m" answers per bucket, e.g. "25/25 25/25 25/0". */
    static String timeline(ProbeResult run) {
        StringBuilder b = new StringBuilder();
        for (ProbeResult.Bucket bucket : run.buckets()) {
            b.append(b.length() == 0 ? "" : " ").append(bucket.unicast()).append('/').append(bucket.multicast());
        }
        return b.append(" (unicast/multicast answers)").toString();
    }
}
