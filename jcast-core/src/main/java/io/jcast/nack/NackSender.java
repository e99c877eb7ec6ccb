package io.jcast.nack;

import io.jcast.diskio.InputSource;
import io.jcast.fec.ReedSolomon;
import io.jcast.protocol.MalformedPacketException;
import io.jcast.transfer.Counter;
import io.jcast.transfer.Counters;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.ReceiverState;
import io.jcast.transfer.ReceiverStatus;
import io.jcast.transfer.StartPolicy;
import io.jcast.transfer.TransferEvent;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferProgress;
import io.jcast.transfer.TransferResult;
import io.jcast.transport.DatagramTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sender of the jcast protocol ({@link io.jcast.nack}): announces the session, multicasts the stripes at its
 * pace, answers NACKs with parity rows (before new data, so repairs are never starved), and ends when every
 * receiver that joined has reported its verified copy, or is gone. Socket-free: the transport comes from outside
 * and time is passed in, so a {@code SimulatedNetwork} runs it as the real one does.
 */
public final class NackSender {
    private static final long MS = 1_000_000L;
    /** The shortest wait of the real-time loop: a few paced datagrams per wake-up, well inside 1 ms of credit. */
    private static final long MIN_WAIT_NS = 200_000;
    /** Receivers need the announcement before data makes sense to them. */
    private static final long ANNOUNCE_LEAD_NS = 200 * MS;
    private static final long ANNOUNCE_NS = 100 * MS;
    /** After the data, the end (with the digest) is announced more often: it is what receivers wait for. */
    private static final long END_ANNOUNCE_NS = 20 * MS;
    /** With nobody there at the end, the sender waits this long for a late report before it gives up. */
    private static final long LINGER_NS = 2_000 * MS;
    /** Once everyone known has finished, the sender waits this long for a receiver whose join was lost. */
    private static final long GRACE_NS = 200 * MS;
    private static final long NEVER = Long.MAX_VALUE;


    private enum Phase { WAITING, SENDING, DONE }

    /** One receiver as its reports tell. */
    private static final class Member {
        final int number;
        final int id;
        final InetSocketAddress address;
        final long joinedNs;
        int state = NackWire.STATE_RECEIVING;
        long bytes;
        long lastHeardNs;
        long nackedStripes;
        boolean gone;

        Member(int number, int id, InetSocketAddress address, long now) {
            this.number = number;
            this.id = id;
            this.address = address;
            this.joinedNs = now;
            this.lastHeardNs = now;
        }

        boolean finished() {
            return gone || state != NackWire.STATE_RECEIVING;
        }
    }

    private final DatagramTransport net;
    private final InetSocketAddress group;
    private final NackSettings settings;
    private final TransferListener listener;
    private final long session;
    private final InputSource input;
    private final StripeStore store;
    private final RepairQueue repairs;
    private final ReedSolomon rs;
    private final DatagramSeal seal;
    private final Counters counters = new Counters();
    private final ByteBuffer in = ByteBuffer.allocate(65_536);
    private final ByteBuffer out;
    private final ByteBuffer parityRow;
    private final Map<Integer, Member> members = new LinkedHashMap<>();

    private Phase phase = Phase.WAITING;
    private volatile boolean cancelled;
    private volatile boolean startRequested;
    private volatile int expectedReceivers;
    private long startNs;
    private long dataStartNs;
    private long dataEndNs;
    /** When every known receiver had finished (0: someone has not). */
    private long allFinishedNs;
    private long nextAnnounceNs;
    private int announcesSent;
    private long lastActivityNs;
    private long firstJoinNs = StartPolicy.NEVER;
    private long lastJoinNs = StartPolicy.NEVER;
    private long waitCheckNs;
    private int lap;
    private long nextBlock;
    private long blocksSentThisLap;
    private long proactiveStripe = -1;
    private int proactiveLeft;
    private long nextSendNs;
    private long carouselUntilNs = NEVER;
    private long nextProgressNs;
    /**
     * The sender listens for NACKs on a group too: it re-joins it this often, so that a switch that snoops IGMP with
     * no querier keeps forwarding NACKs to it on a long session (as receivers do with their groups).
     */
    private long reannounceNs = ReceiverConfig.DEFAULT_REANNOUNCE_INTERVAL.toNanos();
    private long nextReannounceNs;
    /** Rows of the head repair sent so far. */
    private int rowsOfRepair;
    /** The time of the latest duty cycle, for the decisions made deep inside it. */
    private long lastTime;
    private ExitCode outcome;
    private String outcomeMessage = "";

    private NackSender(DatagramTransport net, InetSocketAddress group, NackSettings settings, InputSource input,
                       long session, TransferListener listener) {
        this.net = net;
        this.group = group;
        this.settings = settings;
        this.input = input;
        this.session = session;
        this.listener = listener;
        this.seal = settings.seal();
        this.store = new StripeStore(input.channel(), settings.blockSize(), settings.stripeBlocks(),
                settings.historyStripes());
        this.repairs = new RepairQueue(2 * settings.nackBackoff().toNanos() + MS);
        this.rs = new ReedSolomon(settings.blockSize());
        this.out = ByteBuffer.allocate(NackWire.PARITY_HEADER + settings.blockSize() + DatagramSeal.TAG + 512);
        this.parityRow = out.slice(NackWire.PARITY_HEADER, settings.blockSize());
        this.expectedReceivers = settings.startPolicy() == null ? 0 : settings.startPolicy().expectedReceivers();
    }

    /**
     * A sender of {@code input} to {@code group} over {@code net}, which must already listen on the group's
     * {@link NackWire#nackAddress}: NACKs are multicast there, so that other receivers can hold theirs back, and
     * the sender does not hear its own data. {@code session} is random per session.
     */
    public static NackSender over(DatagramTransport net, InetSocketAddress group, NackSettings settings,
                                  InputSource input, long session, TransferListener listener) {
        long stripeBytes = (long) settings.blockSize() * settings.stripeBlocks();
        boolean fitsInMemory = input.size() >= 0
                && (input.size() + stripeBytes - 1) / stripeBytes <= settings.historyStripes();
        if (settings.carousel() && !(input.channel() instanceof java.nio.channels.FileChannel) && !fitsInMemory) {
            throw new IllegalArgumentException("a carousel needs a file to send (a pipe cannot be read again)");
        }
        return new NackSender(net, group, settings, input, session, listener);
    }

    /** Re-joins the NACK group this often (zero: never); by default every 60 s. Call before {@link #start}. */
    public NackSender reannounceEvery(java.time.Duration interval) {
        this.reannounceNs = interval.isZero() ? NEVER : interval.toNanos();
        return this;
    }

    /** Starts the data now with whoever has joined. Safe from any thread. */
    public void startNow() {
        startRequested = true;
        net.wakeup();
    }

    /** The manager's expected receivers: a carousel ends once this many completed. Safe from any thread. */
    public void expectReceivers(int count) {
        expectedReceivers = count;
        net.wakeup();
    }

    public void cancel() {
        cancelled = true;
        net.wakeup();
    }

    /** Runs the session on the calling thread, in real time. */
    public TransferResult run() {
        start(System.nanoTime());
        while (!isDone()) {
            long now = System.nanoTime();
            if (doWork(now) == 0) {
                try {
                    long wait = Math.max(0, Math.min(nextDeadlineNs(now), now + 100 * MS) - now);
                    // Paced datagrams are ~100 us apart at 100 Mbit/s, and a wake-up per datagram costs more CPU
                    // than the datagram: a short wait is stretched, and the pace's credit sends the few now due.
                    net.await(wait == 0 ? 0 : Math.max(wait, MIN_WAIT_NS));
                } catch (IOException e) {
                    finish(ExitCode.NETWORK_ERROR, "network error: " + e.getMessage(), now);
                }
            }
        }
        return result(System.nanoTime());
    }

    public void start(long now) {
        startNs = now;
        lastActivityNs = now;
        waitCheckNs = now + ANNOUNCE_LEAD_NS;
        nextAnnounceNs = now;
        nextProgressNs = now + 1_000 * MS;
        nextReannounceNs = reannounceNs == NEVER ? NEVER : now + reannounceNs;
        ReedSolomon.warmUpInBackground();
    }

    public boolean isDone() {
        return phase == Phase.DONE;
    }

    public int doWork(long now) {
        if (phase == Phase.DONE) {
            return 0;
        }
        if (cancelled) {
            finish(ExitCode.INTERRUPTED, "cancelled", now);
            return 1;
        }
        lastTime = now;
        try {
            int work = receive(now);
            if (now >= nextAnnounceNs) {
                announce(now);
                work++;
            }
            if (now >= nextReannounceNs) {
                net.rejoinGroups();
                nextReannounceNs = now + reannounceNs;
            }
            if (phase == Phase.WAITING) {
                work += decideStart(now);
            } else {
                work += send(now);
                work += checkEnd(now);
                if (now >= nextProgressNs) {
                    listener.onProgress(progress(now, false));
                    nextProgressNs = now + 1_000 * MS;
                }
            }
            return work;
        } catch (IOException e) {
            finish(ExitCode.NETWORK_ERROR, "network error: " + e.getMessage(), now);
        } catch (RuntimeException e) {
            finish(ExitCode.INTERNAL_ERROR, "internal error: " + e, now);
        }
        return 1;
    }

    public long nextDeadlineNs(long now) {
        // Only what doWork acts on in this phase: a deadline it would not act on wakes it at once, for nothing,
        // again and again (progress is reported while sending only).
        long next = Math.min(nextAnnounceNs, nextReannounceNs);
        if (phase == Phase.WAITING) {
            return Math.min(next, Math.max(now, waitCheckNs));
        }
        next = Math.min(next, nextProgressNs);
        if (hasSomethingToSend()) {
            next = Math.min(next, Math.max(now, nextSendNs));
        } else {
            next = Math.min(next, now + 100 * MS);
        }
        return next;
    }

    private int receive(long now) throws IOException {
        int work = 0;
        InetSocketAddress from;
        while (work < 256 && (from = net.receive(in)) != null) {
            work++;
            int type = NackWire.type(in);
            if (type < 0 || NackWire.session(in) != session) {
                counters.add(Counter.INVALID_DATAGRAMS);
                continue;
            }
            if (!seal.open(in)) {
                counters.add(Counter.AUTHENTICATION_FAILURES);
                continue;
            }
            try {
                if (type == NackWire.NACK) {
                    onNack(now);
                } else if (type == NackWire.STATUS) {
                    onStatus(NackWire.readStatus(in), from, now);
                }
                // nothing else is addressed to the sender
            } catch (MalformedPacketException e) {
                counters.add(Counter.INVALID_DATAGRAMS);
            }
        }
        return work;
    }

    private void onNack(long now) throws MalformedPacketException {
        int n = NackWire.nackEntries(in);
        Member m = members.get(NackWire.nackReceiver(in));
        if (m != null) {
            m.lastHeardNs = now;
            m.nackedStripes += n;
        }
        // A NACK from a receiver we have no report of (its join was lost) is counted when its heartbeat comes,
        // which it repeats until we answer: NACKs are multicast, so their source may be any host on the LAN.
        for (int i = 0; i < n; i++) {
            long s = NackWire.nackStripe(in, i);
            counters.add(Counter.NACKED_STRIPES);
            if (!store.available(s)) {
                continue; // not read yet (a forged or confused NACK) or out of a pipe's memory
            }
            repairs.request(s, Math.min(NackWire.nackNeeded(in, i), store.blocksIn(s)), now);
        }
    }

    private void onStatus(NackWire.Status st, InetSocketAddress from, long now) throws IOException {
        lastActivityNs = now;
        Member m = members.get(st.receiverId());
        if (m == null) {
            m = new Member(members.size(), st.receiverId(), from, now);
            members.put(st.receiverId(), m);
            if (firstJoinNs == StartPolicy.NEVER) {
                firstJoinNs = now;
            }
            lastJoinNs = now;
            listener.onEvent(new TransferEvent.ReceiverJoined(m.number, from.getAddress(), 0));
            listener.onReceiverChanged(status(m));
        }
        m.lastHeardNs = now;
        m.bytes = st.bytes();
        if (m.gone) {
            m.gone = false; // it was only quiet
        }
        boolean news = m.state != st.state();
        if (st.state() != NackWire.STATE_RECEIVING) {
            m.state = st.state();
            if (m.state == NackWire.STATE_COMPLETE && !Arrays.equals(st.digest(), store.digest())) {
                m.state = NackWire.STATE_FAILED; // cannot happen with a well-behaved receiver; never count it done
            }
        }
        // Every report is answered: a receiver repeats its join and its completion until it hears the answer.
        NackWire.writeStatusAck(out, session, st.receiverId(), st.state());
        seal.seal(out);
        net.send(out, from);
        if (news) {
            listener.onReceiverChanged(status(m));
        }
    }

    private void announce(long now) throws IOException {
        if (store.ended() && input.size() >= 0 && store.bytesRead() != input.size()) {
            // Receivers were told the size: a file that grew or shrank under us cannot be sent truthfully.
            finish(ExitCode.IO_ERROR, "the input changed size while being sent (" + input.size() + " bytes at the "
                    + "start, " + store.bytesRead() + " read)", now);
            return;
        }
        int flags = (store.ended() ? NackWire.FLAG_END | NackWire.FLAG_DIGEST : 0)
                | (settings.carousel() ? NackWire.FLAG_CAROUSEL : 0) | (seal.keyed() ? NackWire.FLAG_KEYED : 0);
        long total = store.ended() ? store.bytesRead() : input.size();
        NackWire.writeAnnounce(out, new NackWire.Announce(session, settings.blockSize(), settings.stripeBlocks(),
                flags, total, blocksSentThisLap, lap, store.digest(), settings.name()));
        seal.seal(out);
        net.send(out, group);
        announcesSent++;
        nextAnnounceNs = now + (store.ended() && phase == Phase.SENDING && nextBlock >= totalBlocks()
                ? END_ANNOUNCE_NS : ANNOUNCE_NS);
    }

    private int decideStart(long now) {
        if (now < waitCheckNs && !startRequested) {
            return 0;
        }
        StartPolicy policy = settings.startPolicy();
        String reason;
        if (policy == null) {
            reason = "no start barrier: receivers may join any time";
        } else {
            StartPolicy.Decision d = policy.withExpectedReceivers(expectedReceivers).decide(new StartPolicy.Facts(
                    now, startNs, members.size(), firstJoinNs, lastJoinNs, Math.max(0, announcesSent - 1),
                    lastActivityNs, startRequested));
            if (d.kind() == StartPolicy.Decision.Kind.TIMEOUT) {
                finish(ExitCode.START_TIMEOUT, d.reason(), now);
                return 1;
            }
            if (d.kind() == StartPolicy.Decision.Kind.WAIT) {
                waitCheckNs = Math.min(d.nextChangeNs(), now + 100 * MS);
                return 0;
            }
            reason = d.reason();
        }
        listener.onStartDecision(reason);
        listener.onTransferStarted();
        phase = Phase.SENDING;
        dataStartNs = now;
        nextSendNs = now;
        if (settings.carousel() && !settings.carouselFor().isZero()) {
            carouselUntilNs = now + settings.carouselFor().toNanos();
        }
        return 1;
    }

    /** Blocks of the whole stream once the input ended, else what has been read so far plus one stripe. */
    private long totalBlocks() {
        long bytes = store.bytesRead();
        long blocks = (bytes + settings.blockSize() - 1) / settings.blockSize();
        return store.ended() ? blocks : blocks + settings.stripeBlocks();
    }

    private boolean hasSomethingToSend() {
        return !repairs.isEmpty() || proactiveLeft > 0 || nextBlock < totalBlocks() || !store.ended();
    }

    /** Repairs first, then the proactive rows of the stripe just sent, then new data; at the pace. */
    private int send(long now) throws IOException {
        int work = 0;
        while (work < 64 && now >= nextSendNs) {
            int bytes;
            if (!repairs.isEmpty()) {
                bytes = sendRepairRow(now);
            } else if (proactiveLeft > 0) {
                bytes = sendParity(proactiveStripe, now);
                proactiveLeft--;
            } else {
                bytes = sendData();
            }
            if (bytes == 0) {
                break;
            }
            if (bytes < 0) { // the socket buffer is full: try again soon
                nextSendNs = now + 50_000;
                break;
            }
            work++;
            if (settings.maxBitrateBps() > 0) {
                nextSendNs = Math.max(nextSendNs, now - MS) + (bytes + 28) * 8_000_000_000L
                        / settings.maxBitrateBps();
            }
        }
        return work;
    }

    private int sendRepairRow(long now) throws IOException {
        long s = repairs.peek();
        if (!store.available(s)) {
            repairs.drop();
            return 1;
        }
        int sent = sendParity(s, now);
        if (sent > 0) {
            counters.add(Counter.RETRANSMITTED_BLOCKS);
            rowsOfRepair++;
            if (rowsOfRepair >= repairs.needOfHead()) {
                repairs.repaired(rowsOfRepair, now);
                rowsOfRepair = 0;
            }
        }
        return sent;
    }

    /**
     * Sends the next repair block of stripe {@code s}: its parity rows first, then its data blocks again, in a
     * cycle. A stripe of k blocks has only 128 parity rows; a receiver that missed all of it (it came late) and
     * keeps losing some of them would otherwise wait for the very rows it lost to come round again. With the data
     * blocks in the cycle, any k of 128 + k blocks will do. Returns the datagram's size, or -1 when the socket
     * refused it.
     */
    private int sendParity(long s, long now) throws IOException {
        ByteBuffer[] blocks = store.blocksOf(s);
        if (blocks == null) {
            return 0;
        }
        int n = store.blocksIn(s);
        int row = repairs.takeRow(s, ReedSolomon.MAX_BLOCKS + n);
        if (row >= ReedSolomon.MAX_BLOCKS) {
            int j = row - ReedSolomon.MAX_BLOCKS;
            int length = (int) Math.min(settings.blockSize(), store.bytesIn(s) - (long) j * settings.blockSize());
            NackWire.writeDataHeader(out, session, s * settings.stripeBlocks() + j);
            out.put(NackWire.DATA_HEADER, blocks[j], 0, length);
            out.limit(NackWire.DATA_HEADER + length).position(0);
            return transmit();
        }
        NackWire.writeParityHeader(out, session, s, row);
        rs.encode(blocks, store.blocksIn(s), row, parityRow);
        out.limit(NackWire.PARITY_HEADER + settings.blockSize()).position(0);
        return transmit();
    }

    private int sendData() throws IOException {
        long block = nextBlock;
        long s = block / settings.stripeBlocks();
        if (s >= store.stripesRead()) {
            if (store.ended() || !store.readNext()) {
                return lapDone();
            }
        }
        ByteBuffer[] blocks = store.blocksOf(s);
        if (blocks == null) {
            return lapDone(); // a pipe's stripe no longer in memory: cannot happen in a first lap
        }
        int j = (int) (block % settings.stripeBlocks());
        int length = (int) Math.min(settings.blockSize(), store.bytesIn(s) - (long) j * settings.blockSize());
        if (length <= 0) {
            return lapDone();
        }
        NackWire.writeDataHeader(out, session, block);
        ByteBuffer src = blocks[j];
        out.put(NackWire.DATA_HEADER, src, 0, length);
        out.limit(NackWire.DATA_HEADER + length).position(0);
        int sent = transmit();
        if (sent > 0) {
            nextBlock++;
            blocksSentThisLap = nextBlock;
            if (nextBlock % settings.stripeBlocks() == 0 || nextBlock == totalBlocksIfEnded()) {
                proactiveStripe = s;
                proactiveLeft = settings.proactiveRows();
            }
        }
        return sent;
    }

    private long totalBlocksIfEnded() {
        return store.ended() ? totalBlocks() : -1;
    }

    /** The end of a lap: a carousel starts the next one (sent from the next call on), otherwise data is done. */
    private int lapDone() {
        if (settings.carousel() && !carouselOver()) {
            if (nextBlock == 0) {
                return 0; // an empty input: nothing to repeat
            }
            lap++;
            nextBlock = 0;
            blocksSentThisLap = 0;
            return 1; // work done: the lap's first block goes out on the send loop's next turn, not after a wait
        }
        return 0;
    }

    private boolean carouselOver() {
        if (lastTime >= carouselUntilNs) {
            return true;
        }
        int expected = expectedReceivers;
        return expected > 0 && completed() >= expected;
    }

    private int transmit() throws IOException {
        seal.seal(out);
        int length = out.remaining();
        return net.sendBatched(out, group) ? length : -1;
    }

    private int checkEnd(long now) throws IOException {
        for (Member m : members.values()) {
            if (!m.finished() && now - m.lastHeardNs > settings.receiverTimeout().toNanos()) {
                m.gone = true;
                counters.add(Counter.RECEIVERS_DROPPED);
                listener.onEvent(new TransferEvent.ReceiverSilent(m.number, m.address.getAddress(),
                        settings.receiverTimeout().toSeconds()));
                listener.onReceiverChanged(status(m));
            }
        }
        net.flush();
        boolean dataDone = store.ended() && nextBlock >= totalBlocks() && repairs.isEmpty() && proactiveLeft == 0;
        if (!dataDone || (settings.carousel() && !carouselOver())) {
            return 0;
        }
        if (dataEndNs == 0) {
            dataEndNs = now;
        }
        boolean allFinished = true;
        for (Member m : members.values()) {
            allFinished &= m.finished();
        }
        if (!allFinished) {
            allFinishedNs = 0;
            return 0;
        }
        if (allFinishedNs == 0) {
            allFinishedNs = now;
        }
        if (!members.isEmpty() && now - allFinishedNs < GRACE_NS && members.size() < receiversCounted()) {
            return 0;
        }
        if (members.isEmpty() && now - dataEndNs < LINGER_NS) {
            return 0;
        }
        int done = completed();
        if (members.isEmpty()) {
            finish(ExitCode.NO_RECEIVERS, "no receiver reported", now);
        } else if (done == members.size()) {
            finish(ExitCode.OK, "transfer complete: " + done + " receiver(s) verified " + store.bytesRead()
                    + " bytes", now);
        } else {
            finish(ExitCode.RECEIVERS_DROPPED, (members.size() - done) + " of " + members.size()
                    + " receiver(s) did not complete", now);
        }
        return 1;
    }

    /**
     * Receivers the session waits for by its settings (the start policy's minimum or the expected count): once that
     * many have finished, no late join is waited for. Unbounded when nobody is counted on.
     */
    private int receiversCounted() {
        StartPolicy policy = settings.startPolicy();
        int counted = Math.max(expectedReceivers, policy == null ? 0 : policy.minReceivers());
        return counted == 0 ? Integer.MAX_VALUE : counted;
    }

    private int completed() {
        int n = 0;
        for (Member m : members.values()) {
            if (!m.gone && m.state == NackWire.STATE_COMPLETE) {
                n++;
            }
        }
        return n;
    }

    private void finish(ExitCode code, String message, long now) {
        if (phase == Phase.DONE) {
            return;
        }
        outcome = code;
        outcomeMessage = message;
        if (dataEndNs == 0) {
            dataEndNs = now;
        }
        phase = Phase.DONE;
        listener.onProgress(progress(now, true));
    }

    public TransferResult result(long now) {
        List<ReceiverStatus> statuses = new ArrayList<>();
        for (Member m : members.values()) {
            statuses.add(status(m));
        }
        return new TransferResult(outcome == null ? ExitCode.INTERNAL_ERROR : outcome, outcomeMessage,
                store.bytesRead(), counters.get(Counter.RETRANSMITTED_BLOCKS),
                dataStartNs == 0 ? 0 : dataEndNs - dataStartNs, statuses, counters.snapshot());
    }

    private ReceiverStatus status(Member m) {
        ReceiverState state = m.gone ? ReceiverState.DROPPED : switch (m.state) {
            case NackWire.STATE_COMPLETE -> ReceiverState.COMPLETED;
            case NackWire.STATE_FAILED -> ReceiverState.DROPPED;
            default -> ReceiverState.RECEIVING;
        };
        String reason = m.gone ? "silent" : m.state == NackWire.STATE_FAILED ? "reported a failure" : "";
        return new ReceiverStatus(m.number, m.address.getAddress(), state, m.bytes, m.nackedStripes, false, reason);
    }

    private TransferProgress progress(long now, boolean done) {
        List<ReceiverStatus> statuses = new ArrayList<>();
        for (Member m : members.values()) {
            statuses.add(status(m));
        }
        long elapsed = dataStartNs == 0 ? 0 : now - dataStartNs;
        long sent = Math.min(store.bytesRead(), nextBlock * settings.blockSize());
        return new TransferProgress(sent, input.size(), elapsed <= 0 ? 0 : sent * 1e9 / elapsed,
                counters.get(Counter.RETRANSMITTED_BLOCKS), settings.stripeBlocks(), elapsed, statuses, done);
    }

    /** The session's id, random per session: receivers and the manager name the session by it. */
    public long session() {
        return session;
    }

    public void close() {
        input.close();
        net.close();
    }
}
