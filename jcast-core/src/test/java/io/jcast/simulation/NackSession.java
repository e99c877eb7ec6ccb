package io.jcast.simulation;

import io.jcast.diskio.InputSource;
import io.jcast.diskio.OutputSink;
import io.jcast.nack.NackReceiver;
import io.jcast.nack.NackSender;
import io.jcast.nack.NackSettings;
import io.jcast.nack.NackWire;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferResult;
import io.jcast.transport.DatagramTransport;
import io.jcast.transport.SimulatedNetwork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One whole jcast-protocol session on a {@link SimulatedNetwork}: a {@link NackSender}, {@link NackReceiver}s
 * that may start late, die, or hold the wrong key, and perhaps a forger on the LAN, on the network's clock. The
 * seed fixes everything, so a failure is replayed by its seed.
 */
final class NackSession {
    static final InetAddress SENDER = address("10.9.0.1");
    static final InetSocketAddress GROUP = new InetSocketAddress(address("239.255.9.9"), 9000);
    static final InetSocketAddress NACKS = NackWire.nackAddress(GROUP);
    private static final long SECOND = 1_000_000_000L;
    /**
     * The clock starts here, not at 0: engines run on System.nanoTime() for real, which is large, and a timer
     * that starts from 0 by mistake must fail here as it does on the wire.
     */
    private static final long T0 = 1L << 48;

    final long seed;
    int receivers = 1;
    double loss;
    double reordering;
    double duplication;
    int bytes = 300_000;
    /** The sender's link rate (its queue holds 2 ms; a full one refuses datagrams), 0 for none. */
    long linkBitsPerSecond;
    /** The switch forgets a group membership this long after the last join (0: never), as without a querier. */
    long forgetGroupsNs;
    /** Receivers re-join their groups this often (0: never). */
    java.time.Duration reannounce = java.time.Duration.ofSeconds(60);
    NackSettings settings = NackSettings.defaults();
    /** The input is a stream of unknown size (a pipe): the size comes with the end, repairs only from memory. */
    boolean streamInput;
    /** Receivers that start this late (by index). */
    long[] startDelaysNs = new long[0];
    /** Receivers killed at this time (by index; 0 = never). */
    long[] deathsNs = new long[0];
    /** Receivers (by index) given a different key than the session's: they must never join or write a byte. */
    boolean[] wrongKey = new boolean[0];
    /** A host on the LAN that sends datagrams of the session with made-up contents. */
    boolean forger;
    /** The manager's expected receivers, told to the sender (a carousel ends once this many completed). */
    int expectReceivers;
    long limitNs = 300 * SECOND;

    NackSession(long seed) {
        this.seed = seed;
    }

    record Receiver(String name, boolean killed, boolean wrongKey, int exitCode, String message, byte[] output,
                    java.util.Map<io.jcast.transfer.Counter, Long> counters) {
    }

    /** What came out, and the sender's datagrams (sent, received) for the work it did. */
    record Outcome(NackSession session, boolean finished, long endNs, TransferResult sent, List<Receiver> receivers,
                   byte[] input, long senderSent, long senderReceived, long busyWaits) {
        /**
         * Null when every receiver that was neither killed nor keyed wrongly got every byte and exited 0, the
         * wrongly keyed ones wrote nothing and exited 5, and the sender's exit is 0, or 7 exactly when a receiver
         * was killed before it completed; else what went wrong. With a forger in an unkeyed session, a receiver may
         * fail (the digest catches forged data), but never exit 0 with wrong bytes.
         */
        String failure() {
            StringBuilder why = new StringBuilder();
            if (busyWaits > 0) {
                why.append(busyWaits).append(" busy-waits (an idle engine asked to be woken at once); ");
            }
            if (!finished) {
                why.append("did not finish within ").append(session.limitNs / SECOND).append(" s; ");
            }
            boolean unkeyedForgery = session.forger && session.settings.key() == null;
            boolean killedShort = false;
            for (Receiver r : receivers) {
                boolean intact = Arrays.equals(input, r.output);
                killedShort |= r.killed && r.exitCode != 0;
                boolean bad;
                if (r.wrongKey) {
                    bad = r.exitCode != ExitCode.START_TIMEOUT.code() || r.output.length != 0;
                } else if (r.killed) {
                    bad = r.exitCode == 0 && !intact;
                } else if (unkeyedForgery) {
                    bad = r.exitCode == 0 && !intact || r.exitCode < 0;
                } else {
                    bad = r.exitCode != 0 || !intact;
                }
                if (bad) {
                    why.append(r.name).append(": exit ").append(r.exitCode).append(" (").append(r.message)
                            .append("), ").append(r.output.length).append(" of ").append(input.length)
                            .append(" bytes").append(r.output.length == input.length && !intact ? " (corrupt)" : "")
                            .append("; ");
                }
            }
            // The sender's exit is honest when it is 0 exactly if every receiver it knew of completed, and it
            // claims no more completions than there are receivers that exited 0 (one killed before its join was
            // heard is one it cannot know of).
            boolean honest;
            if (sent == null) {
                honest = false;
            } else if (unkeyedForgery) {
                honest = sent.exitCode() != ExitCode.INTERNAL_ERROR;
            } else {
                long known = sent.receivers().size();
                long completed = sent.receivers().stream()
                        .filter(r -> r.state() == io.jcast.transfer.ReceiverState.COMPLETED).count();
                long verified = receivers.stream().filter(r -> r.exitCode == 0).count();
                ExitCode expected = known == 0 ? ExitCode.NO_RECEIVERS
                        : completed == known ? ExitCode.OK : ExitCode.RECEIVERS_DROPPED;
                boolean allKnown = known >= receivers.stream().filter(r -> !r.killed && !r.wrongKey).count();
                honest = sent.exitCode() == expected && completed <= verified && allKnown
                        && (killedShort || expected == ExitCode.OK);
            }
            if (!honest) {
                why.append("sender: ").append(sent == null ? "running" : sent.exitCode() + " " + sent.message())
                        .append("; ");
            }
            return why.length() == 0 ? null : "seed " + session.seed + " [" + session + "]: " + why;
        }
    }

    @Override
    public String toString() {
        return receivers + " receivers, " + bytes + " bytes" + (streamInput ? " (stream)" : "") + ", loss " + loss
                + (reordering > 0 ? ", reordering " + reordering : "")
                + (duplication > 0 ? ", duplication " + duplication : "")
                + ", blocks " + settings.blockSize() + "x" + settings.stripeBlocks()
                + (settings.proactiveRows() > 0 ? ", proactive " + settings.proactiveRows() : "")
                + (settings.maxBitrateBps() > 0 ? ", max " + settings.maxBitrateBps() + " bit/s" : "")
                + (settings.carousel() ? ", carousel" : "") + (settings.key() != null ? ", keyed" : "")
                + (startDelaysNs.length > 0 ? ", start delays " + Arrays.toString(startDelaysNs) : "")
                + (deathsNs.length > 0 ? ", deaths " + Arrays.toString(deathsNs) : "")
                + (wrongKey.length > 0 ? ", wrong keys " + Arrays.toString(wrongKey) : "")
                + (forger ? ", forger" : "");
    }

    Outcome run() {
        Random random = new Random(seed);
        byte[] input = new byte[bytes];
        random.nextBytes(input);
        SimulatedNetwork net = new SimulatedNetwork(random.nextLong()).loss(loss).reordering(reordering)
                .duplication(duplication);
        if (linkBitsPerSecond > 0) {
            net.linkRate(linkBitsPerSecond, 2_000_000);
        }
        net.forgetGroupsAfter(forgetGroupsNs);
        long session = random.nextLong();

        Counting senderEnd = new Counting(net.endpoint(SENDER, 9001));
        senderEnd.listen(GROUP.getAddress(), NACKS.getPort(), 8 << 20);
        InputSource source = streamInput
                ? open(new ByteArrayInputStream(input))
                : InputSource.inMemory(input);
        NackSender sender = NackSender.over(senderEnd, GROUP, settings, source, session, new TransferListener() { });
        sender.reannounceEvery(reannounce);
        if (expectReceivers > 0) {
            sender.expectReceivers(expectReceivers);
        }

        List<SimulatedNetwork.Node> nodes = new ArrayList<>();
        nodes.add(SimulatedNetwork.Node.of(sender::doWork, sender::nextDeadlineNs, sender::isDone));
        List<Runnable> finishers = new ArrayList<>();
        List<Receiver> results = new ArrayList<>();
        for (int i = 0; i < receivers; i++) {
            InetAddress host = address("10.9." + (1 + i / 250) + "." + (1 + i % 250));
            SimulatedNetwork.Endpoint end = net.endpoint(host, 9000);
            long delay = i < startDelaysNs.length ? startDelaysNs[i] : 0;
            long death = i < deathsNs.length ? deathsNs[i] : 0;
            boolean badKey = i < wrongKey.length && wrongKey[i];
            NackSettings mine = badKey ? settings.withKey(new byte[32]) : settings;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            NackReceiver rx = NackReceiver.over(end, GROUP, mine, null, OutputSink.inMemory(out),
                    new TransferListener() { }, random.nextInt(), new Random(random.nextLong()))
                    .reannounceEvery(reannounce);
            Scheduled node = new Scheduled(end, T0 + delay, death == 0 ? 0 : T0 + death, rx);
            nodes.add(node);
            String name = "receiver " + i;
            finishers.add(() -> {
                TransferResult r = rx.isDone() ? rx.result() : null;
                results.add(new Receiver(name, node.killed, badKey, r == null ? -1 : r.exitCode().code(),
                        r == null ? "running" : r.message(), out.toByteArray(),
                        r == null ? java.util.Map.of() : r.counters()));
            });
        }
        if (forger) {
            nodes.add(new Forger(net.endpoint(address("10.9.0.250"), 9000), session, random.nextLong()));
        }
        net.advanceTo(T0);
        sender.start(T0);
        boolean finished = net.run(nodes, T0 + limitNs);
        TransferResult sent = sender.isDone() ? sender.result(net.now()) : null;
        finishers.forEach(Runnable::run);
        return new Outcome(this, finished, net.now() - T0, sent, results, input, senderEnd.sent, senderEnd.received, net.busyWaits());
    }

    private static InputSource open(ByteArrayInputStream stream) {
        try {
            return InputSource.open(null, List.of(), stream);
        } catch (io.jcast.transfer.TransferException e) {
            throw new AssertionError(e);
        }
    }

    /** A receiver switched on {@code delay} into the session, perhaps killed later. */
    private static final class Scheduled implements SimulatedNetwork.Node {
        private final SimulatedNetwork.Endpoint end;
        private final long delayNs;
        private final long deathNs;
        private final NackReceiver rx;
        private boolean started;
        boolean killed;

        Scheduled(SimulatedNetwork.Endpoint end, long delayNs, long deathNs, NackReceiver rx) {
            this.end = end;
            this.delayNs = delayNs;
            this.deathNs = deathNs;
            this.rx = rx;
        }

        @Override
        public int doWork(long now) {
            if (killed) {
                return 0;
            }
            if (!started) {
                if (now < delayNs) {
                    return 0;
                }
                started = true;
                end.listen(GROUP.getAddress(), GROUP.getPort(), 4 << 20);
                end.listen(GROUP.getAddress(), NACKS.getPort(), 4 << 20);
                rx.start(now);
            }
            if (deathNs > 0 && now >= deathNs && !rx.isDone()) {
                killed = true;
                end.close();
                return 0;
            }
            return rx.doWork(now);
        }

        @Override
        public long nextDeadlineNs(long now) {
            if (!started) {
                return delayNs;
            }
            long next = rx.nextDeadlineNs(now);
            return deathNs > 0 ? Math.min(next, Math.max(now, deathNs)) : next;
        }

        @Override
        public boolean isDone() {
            return killed || started && rx.isDone();
        }
    }

    /**
     * Someone on the LAN who knows the session id (it is on the wire) and sends made-up DATA, PARITY, ANNOUNCE
     * and STATUS_ACK datagrams of it, with a made-up tag, every millisecond for the first seconds.
     */
    private static final class Forger implements SimulatedNetwork.Node {
        private final SimulatedNetwork.Endpoint end;
        private final long session;
        private final Random random;
        private final ByteBuffer b = ByteBuffer.allocate(2048);
        private long nextNs;
        private int sent;

        Forger(SimulatedNetwork.Endpoint end, long session, long seed) {
            this.end = end;
            this.session = session;
            this.random = new Random(seed);
        }

        @Override
        public int doWork(long now) {
            if (now < nextNs || isDone()) {
                return 0;
            }
            nextNs = now + 1_000_000;
            sent++;
            switch (random.nextInt(4)) {
                case 0 -> {
                    NackWire.writeDataHeader(b, session, random.nextInt(200));
                    fill(1440);
                }
                case 1 -> {
                    NackWire.writeParityHeader(b, session, random.nextInt(4), random.nextInt(128));
                    fill(1440);
                }
                case 2 -> {
                    byte[] digest = new byte[32];
                    random.nextBytes(digest);
                    NackWire.writeAnnounce(b, new NackWire.Announce(session, 1440, 64,
                            NackWire.FLAG_END | NackWire.FLAG_DIGEST, random.nextInt(1_000_000), 0, 0, digest, ""));
                    b.limit(b.limit() + 16); // a made-up tag
                }
                default -> {
                    NackWire.writeStatusAck(b, session, random.nextInt(), NackWire.STATE_COMPLETE);
                    b.limit(b.limit() + 16);
                }
            }
            end.send(b, GROUP);
            return 1;
        }

        private void fill(int payload) {
            byte[] junk = new byte[payload + 16];
            random.nextBytes(junk);
            b.put(junk).flip();
        }

        @Override
        public long nextDeadlineNs(long now) {
            return Math.max(now, nextNs);
        }

        @Override
        public boolean isDone() {
            return sent >= 3_000;
        }
    }

    /** The sender's endpoint, counting what it sends and receives: its work. */
    private static final class Counting implements DatagramTransport {
        private final DatagramTransport inner;
        long sent;
        long received;

        Counting(DatagramTransport inner) {
            this.inner = inner;
        }

        @Override
        public InetSocketAddress receive(ByteBuffer buf) throws IOException {
            InetSocketAddress from = inner.receive(buf);
            if (from != null && !from.getAddress().equals(SENDER)) {
                received++;
            }
            return from;
        }

        @Override
        public boolean send(ByteBuffer datagram, InetSocketAddress to) throws IOException {
            sent++;
            return inner.send(datagram, to);
        }

        @Override
        public boolean sendBatched(ByteBuffer datagram, InetSocketAddress to) throws IOException {
            sent++;
            return inner.sendBatched(datagram, to);
        }

        @Override
        public boolean flush() throws IOException {
            return inner.flush();
        }

        @Override
        public void listen(InetAddress address, int port, int receiveBufferBytes) {
            try {
                inner.listen(address, port, receiveBufferBytes);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public void listenSourceSpecific(InetAddress group, InetAddress source, int port, int receiveBufferBytes)
                throws IOException {
            inner.listenSourceSpecific(group, source, port, receiveBufferBytes);
        }

        @Override
        public void rejoinGroups() throws IOException {
            inner.rejoinGroups();
        }

        @Override
        public void await(long timeoutNanos) throws IOException {
            inner.await(timeoutNanos);
        }

        @Override
        public void wakeup() {
            inner.wakeup();
        }

        @Override
        public int receiveBufferBytes() {
            return inner.receiveBufferBytes();
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    private static InetAddress address(String dotted) {
        try {
            return InetAddress.getByName(dotted);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
