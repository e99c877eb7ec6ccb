package io.jcast.simulation;

import io.jcast.diskio.InputSource;
import io.jcast.diskio.OutputSink;
import io.jcast.fec.FecSpec;
import io.jcast.receiver.ReceiverEngine;
import io.jcast.sender.SenderEngine;
import io.jcast.transfer.Duplex;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.SenderConfig;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferResult;
import io.jcast.transport.SimulatedNetwork;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One whole transfer on a {@link SimulatedNetwork}: a jcast sender, jcast receivers and models of
 * udpcast's receiver on one LAN, from the first HELLO to every exit, on the network's clock. The
 * seed fixes everything (input bytes, loss, timing), so a failure is replayed by its seed.
 */
final class SimulatedSession {
    static final int PORT_BASE = 9000;
    static final Inet4Address CONTROL = address("10.9.0.255");
    static final Inet4Address DATA = address("239.255.9.9");
    static final Inet4Address SENDER = address("10.9.0.1");
    private static final long SECOND = 1_000_000_000L;
    /** After a restart, the session ends within this: the others' remaining data, not minutes of rounds. */
    private static final long RESTART_GRACE_NS = 10 * SECOND;

    final long seed;
    int jcastReceivers = 1;
    int udpcastReceivers;
    double loss;
    double reordering;
    double duplication;
    int bytes = 300_000;
    /** The data group the sender announces. */
    Inet4Address data = DATA;
    Duplex duplex = Duplex.FULL;
    FecSpec fec;
    long maxBitrateBps;
    long linkBitsPerSecond;
    /** Receivers that start this late (by index; the rest start at 0). */
    long[] startDelaysNs = new long[0];
    /** Receivers that stop working (a frozen machine, a stalled disk) for {@code [from, to)} ns, by index. */
    long[][] stallsNs = new long[0][];
    /** Receivers killed at this time (by index; 0 = never): the sender must drop them and serve the rest. */
    long[] deathsNs = new long[0];
    /**
     * A new receiver of the same kind starts on a killed receiver's host at this time (by index; 0 = none), as after
     * a reboot: the sender must drop the old one at once and refuse the new one, which must write nothing.
     */
    long[] restartsNs = new long[0];
    /**
     * Loss may be beyond what the mode can repair (async): then a receiver may fail, but it must say so; no exit 0
     * with wrong bytes, and the sender must not claim more than it knows.
     */
    boolean lossMayWin;
    /** The LAN forgets a multicast membership this long after its last report (0: never), see SimulatedNetwork. */
    long forgetGroupsAfterNs;
    ReceiverConfig.Builder jcastReceiverOptions = ReceiverConfig.builder();
    final List<SimulatedNetwork.DropRule> dropRules = new ArrayList<>();
    Consumer<SenderConfig.Builder> senderOptions = b -> { };
    long limitNs = 600 * SECOND;
    private SimulatedNetwork net;

    SimulatedSession(long seed) {
        this.seed = seed;
    }

    /** What came out: the sender's result and words, each receiver's exit, bytes and words. */
    record Outcome(SimulatedSession session, boolean finished, long senderEndNs, TransferResult sent,
                   List<String> senderMessages, List<Receiver> receivers, byte[] input, long busyWaits) {
        /**
         * Null when every receiver that was not killed got every byte and exited 0, and the sender exited 0 (or 7,
         * receivers dropped, exactly when some were killed); else what went wrong.
         */
        String failure() {
            StringBuilder why = new StringBuilder();
            if (busyWaits > 0) {
                why.append(busyWaits).append(" busy-waits (an idle engine asked to be woken at once); ");
            }
            // A receiver killed before the sender heard its join leaves a sender that waits for all of them
            // nothing to start with: it gives up (start timeout) and the others, udp-receivers, wait on.
            boolean killedUnheard = receivers.stream().anyMatch(r -> r.killed && !r.restarted && r.messages.stream()
                    .noneMatch(m -> m.startsWith("connected to") || m.startsWith("Connected as")));
            if (killedUnheard && sent != null && sent.exitCode() == ExitCode.START_TIMEOUT) {
                boolean nothingWritten = receivers.stream().allMatch(r -> r.output == null || r.output.length == 0);
                return nothingWritten ? null : "seed " + session.seed + " [" + session + "]: a receiver wrote data "
                        + "of a transfer that never started";
            }
            if (!finished) {
                why.append("did not finish within ").append(session.limitNs / SECOND).append(" s; ");
            }
            long lastRestart = Arrays.stream(session.restartsNs).max().orElse(0);
            if (lastRestart > 0 && senderEndNs - lastRestart > RESTART_GRACE_NS) {
                why.append("the sender ended ").append((senderEndNs - lastRestart) / 1_000_000).append(" ms after a "
                        + "restart: it waited for the restarted receiver's old self; ");
            }
            // A receiver killed before it had everything must be reported as dropped; one killed while it lingered
            // after the end may or may not have said its last OK.
            // A restarted receiver in time for slice 0 takes its old self's place.
            boolean killedShort = receivers.stream().anyMatch(r -> r.killed && !r.restarted
                    && !Arrays.equals(input, r.output) && !replaced(r.index));
            boolean killedLate = receivers.stream().anyMatch(r -> r.killed && !r.restarted
                    && (Arrays.equals(input, r.output) || replaced(r.index)));
            ExitCode expected = killedShort ? ExitCode.RECEIVERS_DROPPED : ExitCode.OK;
            boolean honest = sent != null && (sent.exitCode() == expected
                    || killedLate && sent.exitCode() == ExitCode.RECEIVERS_DROPPED
                    || session.lossMayWin && sent.exitCode() != ExitCode.OK);
            if (!honest) {
                why.append("sender: ").append(sent == null ? "running" : sent.exitCode() + " " + sent.message())
                        .append(" (expected ").append(expected).append("); ");
            }
            for (Receiver r : receivers) {
                if (r.restarted) {
                    // Refused (or still looking, its refusal lost), or in time for slice 0: then it takes the old
                    // one's place and must get every byte.
                    boolean refused = r.exitCode != 0 && r.output.length == 0;
                    if (!refused && !(r.exitCode == 0 && Arrays.equals(input, r.output))) {
                        why.append(r.name).append(": exit ").append(r.exitCode).append(", wrote ")
                                .append(r.output.length).append(" bytes (must be refused and write nothing, or "
                                        + "get everything), said ").append(tail(r.messages)).append("; ");
                    }
                    continue;
                }
                boolean intact = Arrays.equals(input, r.output);
                boolean bad = session.lossMayWin ? r.exitCode == 0 && !intact : r.exitCode != 0 || !intact;
                // A network that duplicates a CONNECT_REPLY makes udp-receiver complain, whatever the sender does.
                boolean stray = session.duplication == 0
                        && r.messages.stream().anyMatch(m -> m.startsWith("Unexpected opcode"));
                boolean unaskedFec = session.fec == null && r.messages.contains("FEC mode");
                if (!r.killed && bad || stray || unaskedFec) {
                    why.append(r.name).append(": exit ").append(r.exitCode).append(", ")
                            .append(r.output == null ? 0 : r.output.length).append(" of ").append(input.length)
                            .append(" bytes").append(r.output != null && !Arrays.equals(input, r.output)
                                    && r.output.length == input.length ? " (corrupt)" : "")
                            .append(", said ").append(tail(r.messages)).append("; ");
                }
            }
            if (why.length() == 0) {
                return null;
            }
            return "seed " + session.seed + " [" + session + "]: " + why + "sender said " + tail(senderMessages);
        }

        private boolean replaced(int index) {
            return receivers.stream().anyMatch(r -> r.restarted && r.index == index && r.exitCode == 0
                    && Arrays.equals(input, r.output));
        }

        private static List<String> tail(List<String> messages) {
            return messages.subList(Math.max(0, messages.size() - 6), messages.size());
        }
    }

    record Receiver(String name, int index, boolean killed, boolean restarted, int exitCode, byte[] output,
                    List<String> messages) {
    }

    @Override
    public String toString() {
        return jcastReceivers + " jcast + " + udpcastReceivers + " udpcast receivers, " + bytes + " bytes, loss "
                + loss + (reordering > 0 ? ", reordering " + reordering : "")
                + (duplication > 0 ? ", duplication " + duplication : "") + ", " + duplex
                + (fec != null ? ", fec " + fec : "") + (maxBitrateBps > 0 ? ", max " + maxBitrateBps + " bit/s" : "")
                + (linkBitsPerSecond > 0 ? ", link " + linkBitsPerSecond + " bit/s" : "")
                + (startDelaysNs.length > 0 ? ", start delays " + Arrays.toString(startDelaysNs) : "")
                + (stallsNs.length > 0 ? ", stalls " + Arrays.deepToString(stallsNs) : "")
                + (deathsNs.length > 0 ? ", deaths " + Arrays.toString(deathsNs) : "")
                + (restartsNs.length > 0 ? ", restarts " + Arrays.toString(restartsNs) : "")
                + (dropRules.isEmpty() ? "" : ", " + dropRules.size() + " drop rule(s)")
                + (data.equals(DATA) ? "" : ", data " + data.getHostAddress());
    }

    /** The network's clock (for drop rules). */
    long now() {
        return net.now();
    }

    /** Prints every datagram between the sender and {@code host} that the network does not lose (-Djcast.trace). */
    void trace(String host) {
        dropRules.add(0, d -> { // first: it also sees what later rules drop
            boolean toHost = d.recipient().getHostAddress().equals(host) && d.from().getPort() == PORT_BASE + 1;
            boolean fromHost = d.from().getAddress().getHostAddress().equals(host) && d.recipient().equals(SENDER);
            if (toHost || fromHost) {
                java.nio.ByteBuffer b = d.data();
                int p = b.position();
                String what = switch (d.opcode()) {
                    case 0x0008, 0x0009 -> "slice " + b.getInt(p + 4) + " block " + (b.getShort(p + 8) & 0xffff)
                            + " bytes " + b.getInt(p + 12);
                    case 0x0006 -> "slice " + b.getInt(p + 4) + " bytes " + b.getInt(p + 8) + " round " + b.getInt(p + 12);
                    case 0x0000, 0x0001 -> "slice " + b.getInt(p + 4);
                    default -> "";
                };
                System.out.println(String.format("%10.6f ", net.now() / 1e9) + (toHost ? "to " : "from ") + host + String.format(" %04x ", d.opcode()) + what);
            }
            return false;
        });
    }

    Outcome run() {
        Random random = new Random(seed);
        byte[] input = new byte[bytes];
        random.nextBytes(input);
        net = new SimulatedNetwork(random.nextLong()).loss(loss).reordering(reordering)
                .duplication(duplication).forgetGroupsAfter(forgetGroupsAfterNs);
        if (linkBitsPerSecond > 0) {
            net.linkRate(linkBitsPerSecond, 2_000_000);
        }
        dropRules.forEach(net::dropWhen);
        int receivers = jcastReceivers + udpcastReceivers;

        SenderConfig.Builder sc = SenderConfig.builder().portBase(PORT_BASE).duplex(duplex).fec(fec)
                .maxBitrateBps(maxBitrateBps).minReceivers(receivers).startTimeout(Duration.ofSeconds(120));
        senderOptions.accept(sc);
        List<String> senderMessages = new ArrayList<>();
        SimulatedNetwork.Endpoint senderEnd = net.endpoint(SENDER, PORT_BASE + 1);
        senderEnd.listen(CONTROL, PORT_BASE + 1, 0);
        SenderEngine sender = SenderEngine.over(senderEnd, sc.build(), recorder(senderMessages), CONTROL, data,
                duplex == Duplex.FULL, InputSource.inMemory(input));

        List<SimulatedNetwork.Node> nodes = new ArrayList<>();
        long[] senderEndNs = {-1};
        List<Scheduled> restarted = new ArrayList<>();
        nodes.add(SimulatedNetwork.Node.of(now -> {
            int work = sender.doWork(now);
            if (senderEndNs[0] < 0 && sender.isDone()) {
                senderEndNs[0] = now;
                // refused, or its refusal lost: a restarted receiver looks for a sender until the operator stops it
                restarted.forEach(r -> r.stopAtNs = now + 2 * SECOND);
            }
            return work;
        }, sender::nextDeadlineNs, sender::isDone));
        List<Runnable> finishers = new ArrayList<>();
        List<Receiver> results = new ArrayList<>();
        for (int i = 0; i < receivers; i++) {
            InetAddress host = address("10.9.0." + (10 + i));
            long delay = i < startDelaysNs.length ? startDelaysNs[i] : 0;
            if (delay > 0) {
                net.dropWhen(d -> d.recipient().equals(host) && net.now() < delay); // no socket yet
            }
            long[] stall = i < stallsNs.length && stallsNs[i] != null ? stallsNs[i] : new long[] {0, 0};
            long death = i < deathsNs.length ? deathsNs[i] : 0;
            nodes.add(receiver(i, host, delay, stall, death, false, finishers, results));
            long restart = i < restartsNs.length ? restartsNs[i] : 0;
            if (restart > 0) {
                Scheduled again = receiver(i, host, restart, new long[] {0, 0}, 0, true, finishers, results);
                restarted.add(again);
                nodes.add(again);
            }
        }
        sender.start(0);
        boolean finished = net.run(nodes, limitNs);
        TransferResult sent = sender.isDone() ? sender.result(net.now()) : null;
        finishers.forEach(Runnable::run);
        return new Outcome(this, finished, senderEndNs[0], sent, senderMessages, results, input, net.busyWaits());
    }

    /** Receiver {@code index} on {@code host}: a jcast one or a model of udp-receiver, by index. */
    private Scheduled receiver(int index, InetAddress host, long delay, long[] stall, long death, boolean restarted,
                               List<Runnable> finishers, List<Receiver> results) {
        SimulatedNetwork.Endpoint end = net.endpoint(host, PORT_BASE);
        end.listen(CONTROL, PORT_BASE, 0);
        String suffix = restarted ? " (restarted)" : "";
        if (index < jcastReceivers) {
            List<String> messages = new ArrayList<>();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ReceiverEngine rx = ReceiverEngine.over(end, jcastReceiverOptions.portBase(PORT_BASE).build(),
                    recorder(messages), host, CONTROL, OutputSink.inMemory(out));
            Scheduled node = new Scheduled(end, delay, stall, death, rx::start,
                    SimulatedNetwork.Node.of(rx::doWork, rx::nextDeadlineNs, rx::isDone));
            finishers.add(() -> {
                TransferResult r = rx.isDone() ? rx.result() : null;
                results.add(new Receiver("jcast receiver " + index + suffix, index, node.killed, restarted,
                        r == null ? -1 : r.exitCode().code(), out.toByteArray(), messages));
            });
            return node;
        }
        UdpReceiverModel rx = new UdpReceiverModel(end, new InetSocketAddress(CONTROL, PORT_BASE + 1), PORT_BASE,
                500_000_000L);
        Scheduled node = new Scheduled(end, delay, stall, death, now -> rx.start(), rx);
        finishers.add(() -> results.add(new Receiver("udp-receiver " + index + suffix, index, node.killed, restarted,
                rx.exitCode(), rx.output(), rx.messages())));
        return node;
    }

    private static TransferListener recorder(List<String> into) {
        return new TransferListener() {
            @Override
            public void onMessage(String message) {
                into.add(message);
            }
        };
    }

    /** A receiver switched on {@code delay} into the session, perhaps frozen for a while, perhaps killed. */
    private static final class Scheduled implements SimulatedNetwork.Node {
        private final SimulatedNetwork.Endpoint end;
        private final long delayNs;
        private final long[] stallNs;
        private final long deathNs;
        private final java.util.function.LongConsumer start;
        private final SimulatedNetwork.Node node;
        private boolean started;
        boolean killed;
        /** Stopped from outside at this time, if not done by then. */
        long stopAtNs = Long.MAX_VALUE;

        Scheduled(SimulatedNetwork.Endpoint end, long delayNs, long[] stallNs, long deathNs,
                  java.util.function.LongConsumer start, SimulatedNetwork.Node node) {
            this.end = end;
            this.delayNs = delayNs;
            this.stallNs = stallNs;
            this.deathNs = deathNs;
            this.start = start;
            this.node = node;
        }

        @Override
        public int doWork(long now) {
            if (!started) {
                if (now < delayNs) {
                    return 0;
                }
                started = true;
                // a new socket: what reached the host before it existed is not in it
                ByteBuffer stale = ByteBuffer.allocate(65536);
                while (end.receive(stale) != null) {
                    stale.clear();
                }
                start.accept(now);
                return 1;
            }
            if (now >= stopAtNs && !node.isDone()) {
                killed = true;
                end.close();
                return 1;
            }
            if (deathNs > 0 && now >= deathNs && !node.isDone()) {
                killed = true;
                end.close();
                return 1;
            }
            if (now >= stallNs[0] && now < stallNs[1]) {
                return 0; // frozen: datagrams pile up in the receive buffer
            }
            return node.doWork(now);
        }

        @Override
        public long nextDeadlineNs(long now) {
            if (!started) {
                return delayNs;
            }
            long next = node.nextDeadlineNs(now);
            if (now < stallNs[1]) {
                next = now >= stallNs[0] ? stallNs[1] : Math.min(next, stallNs[0]);
            }
            return Math.min(deathNs > now ? Math.min(next, deathNs) : next, stopAtNs);
        }

        @Override
        public boolean isDone() {
            return killed || started && node.isDone();
        }
    }

    static Inet4Address address(String a) {
        try {
            return (Inet4Address) InetAddress.getByName(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(a, e);
        }
    }
}
