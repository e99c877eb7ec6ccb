package io.jcast.nack;

import io.jcast.diskio.OutputSink;
import io.jcast.diskio.OutputWriter;
import io.jcast.protocol.MalformedPacketException;
import io.jcast.transfer.Counter;
import io.jcast.transfer.Counters;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.TransferEvent;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferProgress;
import io.jcast.transfer.TransferResult;
import io.jcast.transport.DatagramTransport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * A receiver of the jcast protocol ({@link io.jcast.nack}): takes the first session announced (of the name asked
 * for, if any), reports itself to the sender, gathers stripes in a {@link StripeWindow}, NACKs what is still
 * missing once the sender has passed it (after a random back-off, and not at all when another receiver already
 * asked as much), writes the stream in order while hashing it, and exits 0 only when the SHA-256 matches the
 * announced one. Socket-free like the sender: the transport comes from outside and time is passed in.
 */
public final class NackReceiver {
    private static final long MS = 1_000_000L;
    private static final long HEARTBEAT_NS = 1_000 * MS;
    /** The join is repeated this often until the sender answers: a short session may be over in a moment. */
    private static final long JOIN_NS = 20 * MS;
    /** The completion report is repeated this often until the sender answers, and for at most this long. */
    private static final long REPORT_NS = 100 * MS;
    private static final long REPORT_FOR_NS = 3_000 * MS;
    /** The NACK scan runs at least this often while something is missing. */
    private static final long SCAN_NS = MS;
    /** In a carousel, data this long quiet means the sender stopped its laps: ask for everything still missing. */
    private static final long LAPS_OVER_NS = 300 * MS;
    private static final long NEVER = Long.MAX_VALUE;
    /** Naps while data flows (see {@link #nextNap}): from 50 us up to 1 ms, gathering at most 32 datagrams. */
    private static final long MIN_NAP_NS = 50_000;
    private static final long MAX_NAP_NS = MS;
    private static final int NAP_DATAGRAMS = 32;

    private enum Phase { WAITING, RECEIVING, REPORTING, DONE }

    private final DatagramTransport net;
    private final InetSocketAddress group;
    private final InetSocketAddress nackGroup;
    private final NackSettings settings;
    private final String expectedName;
    private final OutputSink sink;
    private final TransferListener listener;
    private final int id;
    private final Random random;
    private final DatagramSeal seal;
    private final Counters counters = new Counters();
    private final ByteBuffer in = ByteBuffer.allocate(65_536);
    private final ByteBuffer out = ByteBuffer.allocate(NackWire.HEADER + 6
            + NackWire.MAX_NACK_ENTRIES * NackWire.NACK_ENTRY + DatagramSeal.TAG);
    private final MessageDigest sha256;
    private final Set<Long> refused = new HashSet<>();

    private Phase phase = Phase.WAITING;
    /** The sender answered our join: from then on a heartbeat a second will do. */
    private boolean joined;
    private volatile boolean cancelled;
    private NackWire.Announce announce;
    private InetSocketAddress sender;
    private StripeWindow window;
    private OutputWriter<StripeWindow.Slot> writer;
    private long startNs;
    private long startTimeoutNs;
    private long reannounceNs = ReceiverConfig.DEFAULT_REANNOUNCE_INTERVAL.toNanos();
    private long nextReannounceNs;
    private long dataStartNs;
    private long dataEndNs;
    private long lastHeardNs;
    private long lastDataNs;
    private long lastProgressNs;
    private long writtenStripesAtProgress;
    private long nextHeartbeatNs;
    private long nextScanNs;
    private long nextProgressNs;
    private long reportUntilNs;
    private int lap;
    /** Data blocks the sender has sent in its current lap, as far as we know. */
    private long senderBlocks;
    /** The NACK scan's last reach, and the earliest NACK it left due. */
    private long scannedEnd;
    private long nackDueNs = NEVER;
    /** Where we came in: the lap and stripe of our first data; a carousel brings what came before next lap. */
    private int joinLap = -1;
    private long joinStripe;
    private byte[] digest;
    private ExitCode outcome;
    private String outcomeMessage = "";

    private NackReceiver(DatagramTransport net, InetSocketAddress group, NackSettings settings, String expectedName,
                         OutputSink sink, TransferListener listener, int id, Random random) {
        this.net = net;
        this.group = group;
        this.nackGroup = NackWire.nackAddress(group);
        this.settings = settings;
        this.expectedName = expectedName;
        this.sink = sink;
        this.listener = listener;
        this.id = id;
        this.random = random;
        this.seal = settings.seal();
        this.startTimeoutNs = settings.senderTimeout().toNanos();
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * A receiver over {@code net}, which must already listen on {@code group} and on its
     * {@link NackWire#nackAddress} (to hear other receivers' NACKs). It takes the first session
     * announced there, or the first named {@code expectedName} (null: any). {@code id} names it to the sender
     * and must differ between receivers (random); {@code random} times its NACKs.
     */
    public static NackReceiver over(DatagramTransport net, InetSocketAddress group, NackSettings settings,
                                    String expectedName, OutputSink sink, TransferListener listener, int id,
                                    Random random) {
        return new NackReceiver(net, group, settings, expectedName, sink, listener, id, random);
    }

    /** How long to wait for the session to be announced (zero: for ever); by default the sender timeout. */
    public NackReceiver startTimeout(Duration wait) {
        this.startTimeoutNs = wait.isZero() ? NEVER : wait.toNanos();
        return this;
    }

    /**
     * Re-joins the groups this often (zero: never), so that a switch that snoops IGMP with no querier keeps
     * forwarding them on a long session; by default every 60 s, as the udpcast-protocol receiver.
     */
    public NackReceiver reannounceEvery(Duration interval) {
        this.reannounceNs = interval.isZero() ? NEVER : interval.toNanos();
        return this;
    }

    public void cancel() {
        cancelled = true;
        net.wakeup();
    }

    /** Runs the session on the calling thread, in real time. */
    public TransferResult run() {
        start(System.nanoTime());
        long napNs = 0;
        int gathered = 0;
        while (!isDone()) {
            long now = System.nanoTime();
            int work = doWork(now);
            gathered += work;
            if (work > 0) {
                continue;
            }
            napNs = nextNap(napNs, gathered);
            gathered = 0;
            long wait = Math.max(0, Math.min(nextDeadlineNs(now), now + 100 * MS) - now);
            try {
                if (napNs > 0) {
                    LockSupport.parkNanos(Math.min(napNs, wait));
                } else {
                    net.await(wait);
                }
            } catch (IOException e) {
                fail(ExitCode.NETWORK_ERROR, "network error: " + e.getMessage(), now);
            }
        }
        return result();
    }

    /**
     * The next nap between reads, given what the last wait {@code gathered}. A wake-up per datagram costs more
     * CPU than the datagram itself (measured: a quarter less receiver CPU at 400 Mbit/s with naps), so while data
     * flows the receiver sleeps a little and reads several at once; never so long that more than
     * {@link #NAP_DATAGRAMS} wait, well inside any socket buffer. When data stops it waits on the socket again.
     */
    private long nextNap(long napNs, int gathered) {
        if (phase != Phase.RECEIVING || gathered == 0) {
            return 0;
        }
        if (gathered > NAP_DATAGRAMS) {
            return napNs / 2;
        }
        return Math.min(MAX_NAP_NS, Math.max(MIN_NAP_NS, napNs * 2));
    }

    public void start(long now) {
        startNs = now;
        nextReannounceNs = reannounceNs == NEVER ? NEVER : now + reannounceNs;
        lastHeardNs = now;
        nextProgressNs = now + 1_000 * MS;
    }

    public boolean isDone() {
        return phase == Phase.DONE;
    }

    public int doWork(long now) {
        if (phase == Phase.DONE) {
            return 0;
        }
        if (cancelled) {
            fail(ExitCode.INTERRUPTED, "cancelled", now);
            return 1;
        }
        try {
            int work = receive(now);
            if (phase == Phase.DONE) {
                return 1;
            }
            if (writer != null && writer.error() != null) {
                fail(ExitCode.IO_ERROR, "cannot write output: " + writer.error().getMessage(), now);
                return 1;
            }
            if (phase == Phase.RECEIVING) {
                work += write(now);
                if (now >= nextScanNs) {
                    work += nack(now);
                    nextScanNs = now + SCAN_NS;
                }
                if (phase == Phase.RECEIVING && now >= nextProgressNs) {
                    listener.onProgress(progress(now, false));
                    nextProgressNs = now + 1_000 * MS;
                }
            }
            if ((phase == Phase.RECEIVING || phase == Phase.REPORTING) && now >= nextHeartbeatNs) {
                report(now);
                work++;
            }
            if (phase == Phase.REPORTING && now >= reportUntilNs) {
                done(now); // the sender did not answer; our copy is verified all the same
                return 1;
            }
            if (now >= nextReannounceNs) {
                net.rejoinGroups();
                nextReannounceNs = now + reannounceNs;
            }
            work += checkTimeouts(now);
            return work;
        } catch (IOException e) {
            fail(ExitCode.NETWORK_ERROR, "network error: " + e.getMessage(), now);
        } catch (RuntimeException e) {
            fail(ExitCode.INTERNAL_ERROR, "internal error: " + e, now);
        }
        return 1;
    }

    public long nextDeadlineNs(long now) {
        // Only what doWork acts on in this phase: a deadline it would not act on wakes it at once, for nothing,
        // again and again (progress is reported while receiving only).
        long next = Math.min(nextReannounceNs, phase == Phase.WAITING
                ? (startTimeoutNs == NEVER ? NEVER : startNs + startTimeoutNs)
                : lastHeardNs + settings.senderTimeout().toNanos());
        if (phase == Phase.RECEIVING) {
            next = Math.min(Math.min(next, nextProgressNs), Math.min(nextHeartbeatNs, Math.max(now, nextScanDue())));
        } else if (phase == Phase.REPORTING) {
            next = Math.min(next, Math.min(nextHeartbeatNs, reportUntilNs));
        }
        return next;
    }

    /**
     * When the scan next has something to do: a due NACK, or stripes the sender passed since the last scan; never
     * before its own period is over, as doWork runs it no sooner.
     */
    private long nextScanDue() {
        return passedStripes() > scannedEnd ? nextScanNs : Math.max(nextScanNs, nackDueNs);
    }

    private int receive(long now) throws IOException {
        int work = 0;
        InetSocketAddress from;
        while (work < 256 && phase != Phase.DONE && (from = net.receive(in)) != null) {
            work++;
            int type = NackWire.type(in);
            if (type < 0) {
                counters.add(Counter.INVALID_DATAGRAMS);
                continue;
            }
            long session = NackWire.session(in);
            if (announce != null && session != announce.session()) {
                continue; // another session on the same group (a previous partition, another sender)
            }
            if (announce == null && type != NackWire.ANNOUNCE) {
                continue; // nothing to place it by yet; it is asked for again later
            }
            if (!seal.open(in)) {
                counters.add(Counter.AUTHENTICATION_FAILURES);
                continue;
            }
            try {
                switch (type) {
                    case NackWire.ANNOUNCE -> onAnnounce(NackWire.readAnnounce(in), from, now);
                    case NackWire.DATA -> onData(now);
                    case NackWire.PARITY -> onParity(now);
                    case NackWire.NACK -> onNack(now);
                    case NackWire.STATUS_ACK -> onStatusAck(now);
                    default -> { } // other receivers' reports
                }
            } catch (MalformedPacketException e) {
                counters.add(Counter.INVALID_DATAGRAMS);
            }
        }
        return work;
    }

    private void onAnnounce(NackWire.Announce a, InetSocketAddress from, long now) throws IOException {
        if (announce == null) {
            if (!accept(a, now)) {
                return;
            }
            announce = a;
            sender = from;
            window = new StripeWindow(a.blockSize(), a.stripeBlocks(), settings.windowStripes());
            try {
                sink.begin();
            } catch (IOException e) {
                fail(ExitCode.IO_ERROR, "cannot write output: " + e.getMessage(), now);
                return;
            }
            writer = sink.inline()
                    ? OutputWriter.inline(sink.channel(), settings.windowStripes(), slot -> slot.writing = false)
                    : new OutputWriter<>(sink.channel(), sink.file(), false, settings.windowStripes(),
                            slot -> slot.writing = false);
            phase = Phase.RECEIVING;
            lastProgressNs = now;
            listener.onEvent(new TransferEvent.Connected(0, from.getAddress()));
            nextHeartbeatNs = now; // join at once: the sender counts us from this report
        }
        lastHeardNs = now;
        announce = a;
        if (a.lap() != lap) {
            lap = a.lap();
            senderBlocks = a.blocksSent();
        } else {
            senderBlocks = Math.max(senderBlocks, a.blocksSent());
        }
        if (a.totalBytes() >= 0 && window.totalBytes() != a.totalBytes()) {
            if (window.totalBytes() >= 0) {
                fail(ExitCode.INCOMPLETE, "the sender's input changed size during the transfer (from "
                        + window.totalBytes() + " to " + a.totalBytes() + " bytes)", now);
                return;
            }
            window.totalBytes(a.totalBytes());
            window.recheckAll();
        }
        if (a.hasDigest()) {
            digest = a.digest();
        }
    }

    /** Whether to take part in session {@code a}; a keyed session without its key is a usage error. */
    private boolean accept(NackWire.Announce a, long now) {
        if (expectedName != null && !expectedName.equals(a.name())) {
            if (refused.add(a.session())) {
                listener.onEvent(new TransferEvent.StreamRefused(a.name(), expectedName));
            }
            return false;
        }
        if (a.keyed() && !seal.keyed()) {
            fail(ExitCode.USAGE, "the session is keyed: give its key (--key-file)", now);
            return false;
        }
        return true;
    }

    private void onData(long now) {
        lastHeardNs = now;
        lastDataNs = now;
        long block = NackWire.dataBlock(in);
        long s = block / announce.stripeBlocks();
        if (joinLap < 0) {
            joinLap = lap;
            joinStripe = s;
            dataStartNs = now;
        }
        senderBlocks = Math.max(senderBlocks, block + 1);
        window.sawStripe(s);
        int length = in.remaining() - NackWire.DATA_HEADER;
        if (!window.putData(block, in, in.position() + NackWire.DATA_HEADER, length)) {
            counters.add(Counter.UNUSED_BLOCKS);
        }
    }

    private void onParity(long now) {
        lastHeardNs = now;
        long s = NackWire.parityStripe(in);
        window.sawStripe(s);
        int length = in.remaining() - NackWire.PARITY_HEADER;
        if (!window.putParity(s, NackWire.parityRow(in), in, in.position() + NackWire.PARITY_HEADER, length)) {
            counters.add(Counter.UNUSED_BLOCKS);
        }
    }

    /** Another receiver's NACK: what it asks for, we need not ask for as well. */
    private void onNack(long now) throws MalformedPacketException {
        int n = NackWire.nackEntries(in);
        if (NackWire.nackReceiver(in) == id) {
            return; // our own, back through the group
        }
        for (int i = 0; i < n; i++) {
            StripeWindow.Slot slot = window.slot(NackWire.nackStripe(in, i));
            if (slot != null && !slot.complete) {
                slot.heardNeed = Math.max(slot.heardAtNs != 0 && now - slot.heardAtNs < retryNs() ? slot.heardNeed
                        : 0, NackWire.nackNeeded(in, i));
                slot.heardAtNs = now;
            }
        }
    }

    private void onStatusAck(long now) throws MalformedPacketException {
        if (NackWire.statusAckReceiver(in) != id) {
            return;
        }
        int state = NackWire.statusAckState(in);
        if (state == NackWire.STATE_RECEIVING && !joined) {
            joined = true;
            nextHeartbeatNs = now + HEARTBEAT_NS;
        } else if (state == NackWire.STATE_COMPLETE && phase == Phase.REPORTING) {
            done(now);
        }
    }

    /** Stripes the sender has wholly sent in its current lap (all of them once the stream ended and was sent). */
    private long passedStripes() {
        long total = window.totalStripes();
        if (total >= 0) {
            long totalBlocks = (window.totalBytes() + announce.blockSize() - 1) / announce.blockSize();
            if (senderBlocks >= totalBlocks) {
                return total;
            }
        }
        return senderBlocks / announce.stripeBlocks();
    }

    private long retryNs() {
        return settings.nackRetry().toNanos();
    }

    /** NACKs every stripe the sender has passed that we still miss, when its timer says so. */
    private int nack(long now) throws IOException {
        long from = window.writeStripe();
        long end = Math.min(from + window.size(), passedStripes());
        if (announce.carousel() && lap == joinLap && now - lastDataNs < LAPS_OVER_NS && from < joinStripe) {
            from = joinStripe; // stripes before our arrival come round again next lap
        }
        scannedEnd = end;
        nackDueNs = NEVER;
        boolean started = false;
        int sent = 0;
        for (long s = from; s < end; s++) {
            StripeWindow.Slot slot = window.slot(s);
            int need = slot == null ? 0 : window.need(slot);
            if (need == 0) {
                continue;
            }
            if (slot.nackDueNs == 0) {
                long backoff = settings.nackBackoff().toNanos();
                slot.nackDueNs = now + (backoff <= 0 ? 0 : (long) (random.nextDouble() * backoff));
            }
            if (now < slot.nackDueNs) {
                nackDueNs = Math.min(nackDueNs, slot.nackDueNs);
                continue;
            }
            slot.nackDueNs = now + retryNs();
            nackDueNs = Math.min(nackDueNs, slot.nackDueNs);
            if (slot.heardAtNs != 0 && now - slot.heardAtNs < retryNs() && slot.heardNeed >= need) {
                counters.add(Counter.NACKS_SUPPRESSED);
                continue;
            }
            if (!started) {
                NackWire.writeNackHeader(out, announce.session(), id);
                started = true;
            }
            NackWire.addNackEntry(out, s, need);
            counters.add(Counter.NACKED_STRIPES);
            if ((out.position() - NackWire.HEADER - 6) / NackWire.NACK_ENTRY == NackWire.MAX_NACK_ENTRIES) {
                sendNack();
                sent++;
                started = false;
            }
        }
        if (started) {
            sendNack();
            sent++;
        }
        return sent;
    }

    private void sendNack() throws IOException {
        out.flip();
        seal.seal(out);
        net.send(out, nackGroup);
    }

    /** Writes every complete stripe in order; when the last is written, verifies and reports. */
    private int write(long now) throws IOException {
        int work = 0;
        StripeWindow.Slot slot;
        while ((slot = window.writable()) != null) {
            ByteBuffer bytes = window.bytesOf(slot);
            sha256.update(bytes.duplicate());
            window.advance(slot);
            writer.submit(bytes, slot);
            work++;
        }
        long total = window.totalStripes();
        if (total >= 0 && window.writeStripe() >= total && digest != null) {
            finishStream(now);
            work++;
        }
        return work;
    }

    private void finishStream(long now) throws IOException {
        dataEndNs = now;
        try {
            writer.finish();
            sink.channel().close();
            if (sink.pipe() != null) {
                int code = sink.pipe().waitFor();
                if (code != 0) {
                    fail(ExitCode.PIPE_FAILED, "the --pipe command exited with " + code, now);
                    return;
                }
            }
        } catch (IOException e) {
            fail(ExitCode.IO_ERROR, "cannot write output: " + e.getMessage(), now);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(ExitCode.INTERRUPTED, "interrupted while flushing", now);
            return;
        }
        byte[] got = sha256.digest();
        if (!MessageDigest.isEqual(got, digest)) {
            fail(ExitCode.VERIFY_FAILED, "SHA-256 mismatch: got " + HexFormat.of().formatHex(got) + ", the sender has "
                    + HexFormat.of().formatHex(digest), now);
            return;
        }
        digest = got;
        listener.onEvent(new TransferEvent.StreamVerified(writer.bytesWritten(), HexFormat.of().formatHex(got)));
        phase = Phase.REPORTING;
        reportUntilNs = now + REPORT_FOR_NS;
        report(now);
    }

    /** Tells the sender how we are: a heartbeat while receiving, the completion (repeated until answered). */
    private void report(long now) throws IOException {
        int state = phase == Phase.REPORTING ? NackWire.STATE_COMPLETE : NackWire.STATE_RECEIVING;
        NackWire.writeStatus(out, announce.session(), id, state, bytesWritten(), state == NackWire.STATE_COMPLETE
                ? digest : null);
        seal.seal(out);
        net.send(out, sender);
        nextHeartbeatNs = now + (phase == Phase.REPORTING ? REPORT_NS : joined ? HEARTBEAT_NS : JOIN_NS);
    }

    private int checkTimeouts(long now) {
        if (phase == Phase.WAITING) {
            if (now - startNs < startTimeoutNs) {
                return 0;
            }
            long forged = counters.get(Counter.AUTHENTICATION_FAILURES);
            fail(ExitCode.START_TIMEOUT, "no session " + (expectedName != null ? "named \"" + expectedName + "\" "
                    : "") + "announced in " + startTimeoutNs / 1_000_000_000L + " s"
                    + (refused.isEmpty() ? "" : " (refused " + refused.size() + " of another name)")
                    + (forged > 0 ? " (" + forged + " datagrams failed authentication: wrong key?)" : ""), now);
            return 1;
        }
        if (phase == Phase.REPORTING || now - lastHeardNs < settings.senderTimeout().toNanos()) {
            if (phase == Phase.RECEIVING) {
                return checkProgress(now);
            }
            return 0;
        }
        fail(ExitCode.INCOMPLETE, "the sender has been silent for " + settings.senderTimeout().toSeconds() + " s", now);
        return 1;
    }

    /** A sender that talks but cannot repair what we miss (out of a pipe's memory) must not hold us for ever. */
    private int checkProgress(long now) {
        // The clock runs only while the stripe we wait for is one the sender has already passed: a slow sender
        // still on it is no reason to give up.
        boolean waitingForRepair = window.writeStripe() < passedStripes();
        if (window.writeStripe() != writtenStripesAtProgress || !waitingForRepair) {
            writtenStripesAtProgress = window.writeStripe();
            lastProgressNs = now;
            return 0;
        }
        if (now - lastProgressNs < settings.senderTimeout().toNanos() || announce.carousel() && lap == joinLap) {
            return 0;
        }
        fail(ExitCode.INCOMPLETE, "stripe " + window.writeStripe() + " not repaired in "
                + settings.senderTimeout().toSeconds() + " s (the sender cannot repair it)", now);
        return 1;
    }

    private void fail(ExitCode code, String message, long now) {
        if (phase == Phase.DONE) {
            return;
        }
        if (announce != null && sender != null && code != ExitCode.USAGE) {
            try {
                NackWire.writeStatus(out, announce.session(), id, NackWire.STATE_FAILED, bytesWritten(), null);
                seal.seal(out);
                net.send(out, sender);
            } catch (IOException ignored) {
                // the sender will count us as gone instead
            }
        }
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one reported
            }
        }
        sink.destroy();
        end(code, message, now);
    }

    private void done(long now) {
        listener.onProgress(progress(now, true));
        end(ExitCode.OK, "received and verified " + bytesWritten() + " bytes", now);
    }

    private void end(ExitCode code, String message, long now) {
        outcome = code;
        outcomeMessage = message;
        if (dataEndNs == 0) {
            dataEndNs = now;
        }
        phase = Phase.DONE;
    }

    private long bytesWritten() {
        return writer == null ? 0 : writer.bytesWritten();
    }

    /** Closes the sockets; an output not verified complete is closed as it is (and a --pipe filter ended). */
    public void close() {
        if (outcome != ExitCode.OK) {
            sink.destroy();
        }
        net.close();
    }

    public TransferResult result() {
        return new TransferResult(outcome == null ? ExitCode.INTERNAL_ERROR : outcome, outcomeMessage,
                bytesWritten(), counters.get(Counter.NACKED_STRIPES),
                dataStartNs == 0 ? 0 : dataEndNs - dataStartNs, List.of(), counters.snapshot());
    }

    private TransferProgress progress(long now, boolean finished) {
        long written = bytesWritten();
        long elapsed = dataStartNs == 0 ? 0 : (finished ? dataEndNs : now) - dataStartNs;
        return new TransferProgress(written, announce == null ? -1 : window.totalBytes(),
                elapsed <= 0 ? 0 : written * 1e9 / elapsed, counters.get(Counter.NACKED_STRIPES), 0, elapsed,
                List.of(), finished);
    }
}
