package io.jcast.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.LongToIntFunction;
import java.util.function.LongUnaryOperator;

/**
 * A LAN in memory on a clock of its own: endpoints that send and receive datagrams, multicast and
 * broadcast delivered to whoever listens, with seeded loss, duplication, reordering and delay, and
 * an optional link rate whose full queue makes {@code send} return false as a full socket buffer
 * does. Everything follows from the seed, so a session over it is the same every run, and minutes
 * of traffic take milliseconds. {@link #run} drives engines ({@link Node}s) on that clock.
 *
 * <p>Not thread-safe: one thread runs the network and every node on it.
 */
public final class SimulatedNetwork {
    /** A participant in a simulation: an engine's duty cycle on the network's clock. */
    public interface Node {
        /** Does what is due at {@code now}; returns the amount of work done (0 = nothing to do). */
        int doWork(long now);

        /** When the node next has something to do if no datagram arrives. */
        long nextDeadlineNs(long now);

        boolean isDone();

        static Node of(LongToIntFunction doWork, LongUnaryOperator nextDeadline, BooleanSupplier done) {
            return new Node() {
                @Override
                public int doWork(long now) {
                    return doWork.applyAsInt(now);
                }

                @Override
                public long nextDeadlineNs(long now) {
                    return nextDeadline.applyAsLong(now);
                }

                @Override
                public boolean isDone() {
                    return done.getAsBoolean();
                }
            };
        }
    }

    /** A datagram on its way; a {@link #dropWhen} rule sees it once per recipient. */
    public record Datagram(InetSocketAddress from, InetSocketAddress to, InetAddress recipient, ByteBuffer data) {
        /** The big-endian 16-bit word at the start (UDPcast's opcode), or -1 for a shorter datagram. */
        public int opcode() {
            return data.remaining() >= 2 ? data.getShort(data.position()) & 0xffff : -1;
        }
    }

    /** Decides to drop a datagram for one recipient, beside the random loss. */
    public interface DropRule {
        boolean drop(Datagram d);
    }

    private record InFlight(long arrivalNs, long seq, InetSocketAddress from, InetSocketAddress to, ByteBuffer data) {
    }

    private final Random random;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private final List<DropRule> rules = new ArrayList<>();
    private long now;
    private long seq;
    private long latencyNs = 50_000;
    private long jitterNs = 20_000;
    private double loss;
    private double duplication;
    private double reordering;
    private long linkBitsPerSecond;
    private long queueNs = 2_000_000;
    private long membershipNs;
    private long delivered;
    private long dropped;
    private long busyWaits;

    public SimulatedNetwork(long seed) {
        this.random = new Random(seed);
    }

    /** One-way delay: {@code latency} plus a uniform random part up to {@code jitter}. */
    public SimulatedNetwork delay(long latencyNanos, long jitterNanos) {
        this.latencyNs = latencyNanos;
        this.jitterNs = jitterNanos;
        return this;
    }

    /** Chance that a datagram is lost on its way to each recipient (independently). */
    public SimulatedNetwork loss(double probability) {
        this.loss = probability;
        return this;
    }

    /** Chance that a recipient gets a datagram twice. */
    public SimulatedNetwork duplication(double probability) {
        this.duplication = probability;
        return this;
    }

    /** Chance that a datagram is held back by up to a millisecond, so later ones overtake it. */
    public SimulatedNetwork reordering(double probability) {
        this.reordering = probability;
        return this;
    }

    /**
     * Each endpoint's uplink carries {@code bitsPerSecond}; a datagram that would wait more than {@code queue} in
     * it is refused ({@code send} returns false). 0 means unlimited.
     */
    public SimulatedNetwork linkRate(long bitsPerSecond, long queueNanos) {
        this.linkBitsPerSecond = bitsPerSecond;
        this.queueNs = queueNanos;
        return this;
    }

    /**
     * Multicast reaches an endpoint only until {@code intervalNanos} after it last joined the group ({@code listen}
     * or {@code rejoinGroups}), as through a snooping switch that hears no querier. 0 (the default): never forgotten.
     */
    public SimulatedNetwork forgetGroupsAfter(long intervalNanos) {
        this.membershipNs = intervalNanos;
        return this;
    }

    /** Drops every datagram the rule picks (a lost CONNECT_REPLY, a receiver cut off for a while, ...). */
    public SimulatedNetwork dropWhen(DropRule rule) {
        rules.add(rule);
        return this;
    }

    public long now() {
        return now;
    }

    public long delivered() {
        return delivered;
    }

    public long dropped() {
        return dropped;
    }

    /** A new endpoint bound to {@code address:port}. */
    public Endpoint endpoint(InetAddress address, int port) {
        Endpoint e = new Endpoint(new InetSocketAddress(address, port));
        endpoints.add(e);
        return e;
    }

    /**
     * Runs the nodes until all are done or the clock reaches {@code untilNs}: each does its work, then the clock
     * jumps to the next arrival or deadline. Returns true if all finished.
     */
    public boolean run(Collection<? extends Node> nodes, long untilNs) {
        java.util.Set<Node> idle = new java.util.HashSet<>();
        while (true) {
            boolean allDone = true;
            idle.clear();
            for (Node n : nodes) {
                if (!n.isDone()) {
                    int work = 1;
                    for (int i = 0; i < 100_000 && (work = n.doWork(now)) > 0 && !n.isDone(); i++) {
                        // until it has nothing more to do right now
                    }
                    if (work == 0) {
                        idle.add(n);
                    }
                    allDone &= n.isDone();
                }
            }
            if (allDone) {
                return true;
            }
            if (now >= untilNs) {
                return false;
            }
            long next = nextArrivalNs();
            for (Node n : nodes) {
                if (!n.isDone()) {
                    long deadline = n.nextDeadlineNs(now);
                    if (deadline <= now && idle.contains(n)) {
                        // On a real clock this node would wake at once, find nothing to do again, and spin a CPU.
                        busyWaits++;
                    }
                    next = Math.min(next, deadline);
                }
            }
            now = Math.min(untilNs, Math.max(next, now + 1_000));
        }
    }

    /**
     * How often a node that had nothing to do asked to be woken at once: each is a busy-wait on a real clock
     * (the simulation's clock steps 1 us anyway, so only this count shows it).
     */
    public long busyWaits() {
        return busyWaits;
    }

    /** Moves the clock forward (for tests that drive endpoints by hand). */
    public void advanceTo(long t) {
        now = Math.max(now, t);
    }

    /**
     * The next arrival still to come. A datagram that has arrived and waits unread is its node's business: a
     * working node reads it in {@link #run}, a frozen one has a deadline of its own.
     */
    private long nextArrivalNs() {
        long next = Long.MAX_VALUE;
        for (Endpoint e : endpoints) {
            InFlight f = e.inbox.peek();
            if (f != null && f.arrivalNs > now) {
                next = Math.min(next, f.arrivalNs);
            }
        }
        return next;
    }

    private boolean transmit(Endpoint sender, ByteBuffer datagram, InetSocketAddress to) {
        if (sender.closed) {
            return true;
        }
        long departure = now;
        if (linkBitsPerSecond > 0) {
            long start = Math.max(now, sender.uplinkFreeNs);
            if (start - now > queueNs) {
                return false;
            }
            departure = start + (datagram.remaining() + 28) * 8L * 1_000_000_000L / linkBitsPerSecond;
            sender.uplinkFreeNs = departure;
        }
        ByteBuffer copy = ByteBuffer.allocate(datagram.remaining());
        copy.put(datagram.duplicate()).flip();
        datagram.position(datagram.limit());
        ByteBuffer shared = copy.asReadOnlyBuffer();
        for (Endpoint r : endpoints) {
            if (r.closed || !r.hears(sender.address, to)) {
                continue;
            }
            Datagram d = new Datagram(sender.address, to, r.address.getAddress(), shared.duplicate());
            if (random.nextDouble() < r.lossOr(loss) || dropByRule(d)) {
                dropped++;
                continue;
            }
            int copies = random.nextDouble() < duplication ? 2 : 1;
            for (int c = 0; c < copies; c++) {
                long arrival = departure + latencyNs + (jitterNs > 0 ? (long) (random.nextDouble() * jitterNs) : 0);
                if (random.nextDouble() < reordering) {
                    arrival += (long) (random.nextDouble() * 1_000_000);
                } else {
                    // One path keeps its order, as one switch port does; only "reordering" overtakes.
                    arrival = Math.max(arrival, r.lastArrivalFrom.getOrDefault(sender.address, 0L));
                    r.lastArrivalFrom.put(sender.address, arrival);
                }
                r.enqueue(new InFlight(arrival, seq++, sender.address, to, shared.duplicate()));
            }
        }
        return true;
    }

    private boolean dropByRule(Datagram d) {
        for (DropRule rule : rules) {
            if (rule.drop(d)) {
                return true;
            }
        }
        return false;
    }

    /** One host's socket set on the simulated LAN. */
    public final class Endpoint implements DatagramTransport {
        private final InetSocketAddress address;
        /** Where it listens besides its own address, with when it last joined there. */
        private final Map<InetSocketAddress, Long> listening = new HashMap<>();
        /** The one source heard at a group joined source-specific. */
        private final Map<InetSocketAddress, InetAddress> onlyFrom = new HashMap<>();
        private final PriorityQueue<InFlight> inbox = new PriorityQueue<>((a, b) ->
                a.arrivalNs != b.arrivalNs ? Long.compare(a.arrivalNs, b.arrivalNs) : Long.compare(a.seq, b.seq));
        private int receiveBufferBytes = 4 << 20;
        private int queuedBytes;
        private long uplinkFreeNs;
        private double incomingLoss = -1;
        private boolean closed;
        private long overflows;
        private InetSocketAddress lastDestination;
        private final Map<InetSocketAddress, Long> lastArrivalFrom = new HashMap<>();

        private Endpoint(InetSocketAddress address) {
            this.address = address;
        }

        public InetSocketAddress address() {
            return address;
        }

        /** Loss of datagrams to this endpoint only, instead of the network's (as nftables on one host). */
        public Endpoint incomingLoss(double probability) {
            this.incomingLoss = probability;
            return this;
        }

        /** Where the datagram {@link #receive} returned last was sent to: this address, or a group it listens on. */
        public InetSocketAddress lastDestination() {
            return lastDestination;
        }

        /** Datagrams dropped because the receive buffer was full. */
        public long overflows() {
            return overflows;
        }

        private double lossOr(double network) {
            return incomingLoss >= 0 ? incomingLoss : network;
        }

        private boolean hears(InetSocketAddress from, InetSocketAddress to) {
            if (to.equals(address)) {
                return true;
            }
            Long joined = listening.get(to);
            InetAddress source = onlyFrom.get(to);
            return joined != null && (source == null || source.equals(from.getAddress()))
                    && !(membershipNs > 0 && to.getAddress().isMulticastAddress() && now - joined >= membershipNs);
        }

        private void enqueue(InFlight f) {
            if (queuedBytes + f.data.remaining() > receiveBufferBytes) {
                overflows++;
                dropped++;
                return;
            }
            queuedBytes += f.data.remaining();
            inbox.add(f);
        }

        @Override
        public InetSocketAddress receive(ByteBuffer buf) {
            InFlight f = inbox.peek();
            if (closed || f == null || f.arrivalNs > now) {
                return null;
            }
            inbox.poll();
            queuedBytes -= f.data.remaining();
            delivered++;
            lastDestination = f.to;
            buf.clear();
            ByteBuffer d = f.data;
            if (d.remaining() > buf.remaining()) {
                d.limit(d.position() + buf.remaining()); // truncated, as a short UDP receive buffer does
            }
            buf.put(d).flip();
            return f.from;
        }

        @Override
        public boolean send(ByteBuffer datagram, InetSocketAddress to) {
            return transmit(this, datagram, to);
        }

        @Override
        public void listen(InetAddress group, int port, int receiveBufferBytes) {
            listening.put(new InetSocketAddress(group, port), now);
            this.receiveBufferBytes = Math.max(this.receiveBufferBytes, receiveBufferBytes);
        }

        @Override
        public void listenSourceSpecific(InetAddress group, InetAddress source, int port, int receiveBufferBytes) {
            listen(group, port, receiveBufferBytes);
            onlyFrom.put(new InetSocketAddress(group, port), source);
        }

        @Override
        public void rejoinGroups() {
            listening.replaceAll((where, joined) -> now);
        }

        /** Nothing to wait for: the network's clock only moves in {@link SimulatedNetwork#run}. */
        @Override
        public void await(long timeoutNanos) {
        }

        @Override
        public void wakeup() {
        }

        @Override
        public int receiveBufferBytes() {
            return receiveBufferBytes;
        }

        /** The host is gone: nothing reaches it or leaves it any more. */
        @Override
        public void close() {
            closed = true;
            inbox.clear();
            queuedBytes = 0;
        }
    }
}
