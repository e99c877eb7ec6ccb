package io.jcast.server.session;

import io.jcast.fec.FecSpec;
import io.jcast.server.model.Session;
import io.jcast.server.model.SessionState;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.Ipv4;
import io.jcast.transfer.ReceiverState;
import io.jcast.transfer.ReceiverStatus;
import io.jcast.transfer.SenderConfig;
import io.jcast.transfer.TransferException;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferProgress;
import io.jcast.transfer.TransferResult;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Runs one claimed session on its own thread: sends its file, or its partition files in order as
 * separate transfers on the same port and address. Each transfer gets the session's start settings
 * as its {@link io.jcast.transfer.StartPolicy}, and the sender decides by that policy when it starts.
 * A later file waits the session's part wait for the receivers that completed the one before; any other
 * receiver that comes for it is refused ({@link PartChain}).
 *
 * <p>The engine's callbacks only record into memory (they must not block the engine); the
 * scheduler's tick calls {@link #tick} to persist what happened and to pass on "start now" and a
 * changed expected count.
 */
final class SessionRunner implements Runnable {
    private final SessionContext ctx;
    private final long id;
    private volatile Session session;
    private volatile List<Path> files = List.of();
    private volatile long totalBytes;

    private final Queue<String> messages = new ConcurrentLinkedQueue<>();
    private final Map<String, ReceiverStatus> pendingReceivers = new ConcurrentHashMap<>();
    private final Queue<PartChain.Refusal> refusals = new ConcurrentLinkedQueue<>();
    /** Who may take the current file, and how each file ended for each receiver; set once the files are known. */
    private volatile PartChain chain = new PartChain(List.of());
    private volatile TransferProgress pendingProgress;

    private volatile SenderFactory.Transfer current;
    private volatile int part;
    private volatile long bytesBeforePart;
    /** The expected count the current transfer's start policy has. */
    private volatile int expectedGiven;
    /** "Start now" was passed on to the current transfer. */
    private volatile boolean startIssued;
    private volatile boolean dataStarted;
    private volatile String startReason;
    private volatile boolean cancelled;
    private long reportedBytes;
    private long reportedRetransmits;
    /** Per address, the last position and rate seen: the sender's estimate for receivers that report none. */
    private final Map<String, RateSample> rates = new ConcurrentHashMap<>();

    private record RateSample(long position, Instant at, double bytesPerSecond) {
        /**
         * Rates over a short interval jump with each acknowledgement, so the previous one stands until a quarter
         * second has passed; a receiver that completed keeps the rate it had last (it did not slow to 0).
         */
        RateSample next(long position, Instant now, boolean completed) {
            double seconds = Duration.between(at, now).toMillis() / 1000.0;
            if (position < this.position) {
                return new RateSample(position, now, 0);   // it started over (joined again): no rate yet
            }
            if (seconds < 0.25 || completed && position == this.position) {
                return this;
            }
            return new RateSample(position, now, (position - this.position) / seconds);
        }
    }

    SessionRunner(SessionContext ctx, Session session) {
        this.ctx = ctx;
        this.id = session.id();
        this.session = session;
    }

    long id() {
        return id;
    }

    @Override
    public void run() {
        try {
            try {
                files = ctx.images().files(session.image());
            } catch (IllegalArgumentException e) {
                finish(SessionState.FAILED, e.getMessage());
                return;
            }
            chain = new PartChain(files.stream().map(f -> f.getFileName().toString()).toList());
            long total = 0;
            for (Path f : files) {
                total += Files.size(f);
            }
            totalBytes = total;
            ctx.sessions().updateProgress(id, 0, total, ctx.now());
            if (!preflight()) {
                return;
            }
            log("sending " + files.size() + (files.size() == 1 ? " file, " : " partition files, ") + total
                    + " bytes on port " + session.portBase() + ", address " + session.multicastAddress());
            for (int i = 0; i < files.size(); i++) {
                if (cancelled) {
                    return;
                }
                TransferResult result = sendPart(i);
                if (result == null) {
                    return;
                }
                if (!result.success() && result.exitCode() != ExitCode.RECEIVERS_DROPPED) {
                    if (!cancelled) {
                        finish(SessionState.FAILED, "part " + (i + 1) + " of " + files.size() + ": "
                                + result.message() + " (exit " + result.exitCode().code() + "); " + outcome());
                    }
                    return;
                }
                bytesBeforePart += Files.size(files.get(i));
            }
            finish(SessionState.COMPLETE, outcome());
        } catch (IOException | RuntimeException e) {
            if (!cancelled) {
                finish(SessionState.FAILED, "internal error: " + e);
            }
        } finally {
            ctx.runnerDone(this);
        }
    }

    /**
     * Runs the doctor's local checks for the session's interface, group and port pair and records the verdict; false
     * if the session cannot run at all (its interface does not exist). Runs on this runner's thread, never the
     * scheduler's. A warning or a failed check does not hold the session back: a check can be wrong (a rule the
     * doctor misreads), and the admin sees the verdict while the session waits.
     */
    private boolean preflight() {
        Preflight.Result r;
        try {
            r = ctx.preflight().check(session.interfaceName(), InetAddress.getByName(session.multicastAddress()),
                    session.portBase());
        } catch (IOException | RuntimeException e) {
            r = new Preflight.Result("warn", "the pre-flight could not run: " + e, false);
        }
        ctx.sessions().preflight(id, r.status(), r.summary(), ctx.now());
        log("pre-flight " + r.status() + ": " + r.summary());
        if (r.blocking()) {
            finish(SessionState.FAILED, "pre-flight: " + r.summary());
            return false;
        }
        return true;
    }

    /** The receivers' results in words, counted in the metrics once. */
    private String outcome() {
        flush();
        SessionOutcome o = SessionOutcome.of(session.expectedReceivers(), ctx.receivers().list(id));
        for (SessionOutcome.Result r : SessionOutcome.Result.values()) {
            ctx.metrics().addReceiverResults(r.name().toLowerCase(Locale.ROOT), o.count(r));
        }
        return o.reason();
    }

    /** Sends partition {@code i}; null if it could not be opened or the session is over. */
    private TransferResult sendPart(int i) {
        part = i;
        startIssued = false;
        dataStarted = false;
        // A later partition expects back only the hosts that completed the previous one: one that dropped out
        // is not waited for again, and the session's count no longer applies.
        int admitted = chain.begin(i);
        if (i > 0 && admitted == 0) {
            finish(SessionState.FAILED, chain.label(i) + " not sent: no receiver completed " + chain.label(i - 1)
                    + "; " + outcome());
            return null;
        }
        expectedGiven = i == 0 ? session.expectedReceivers() : admitted;
        Path file = files.get(i);
        if (files.size() > 1) {
            log("part " + (i + 1) + " of " + files.size() + ": " + file.getFileName());
        }
        try (SenderFactory.Transfer transfer = ctx.senders().open(senderConfig(file), new Listener())) {
            current = transfer;
            if (cancelled) {
                transfer.cancel();
            }
            TransferResult result = transfer.run();
            ctx.metrics().addEngineCounts(result.counters());
            current = null;
            log("part " + (i + 1) + " ended: " + result.message() + " (exit " + result.exitCode().code() + ", "
                    + result.bytes() + " bytes, " + result.retransmittedBlocks() + " blocks retransmitted)");
            for (ReceiverStatus r : result.receivers()) {
                seen(r);
            }
            for (String address : chain.end(result.receivers())) {
                ctx.receivers().chainState(id, address, ReceiverState.DROPPED.name(),
                        "it did not come back for " + chain.label(i), ctx.now());
            }
            flush();
            return result;
        } catch (TransferException e) {
            current = null;
            finish(SessionState.FAILED, "sender could not start: " + e.getMessage());
            return null;
        } catch (IllegalArgumentException e) {
            current = null;
            finish(SessionState.FAILED, "bad transfer settings: " + e.getMessage());
            return null;
        }
    }

    private SenderConfig senderConfig(Path file) {
        Session s = session;
        InetAddress address;
        try {
            address = InetAddress.getByName(s.multicastAddress());
        } catch (IOException e) {
            throw new IllegalArgumentException("bad multicast address " + s.multicastAddress());
        }
        SenderConfig.Builder b = ctx.senderDefaults().toBuilder()
                .file(file)
                .portBase(s.portBase())
                .dataAddress(address)
                .rendezvousAddress(address)
                .maxBitrateBps(s.maxBitrateBps())
                .duplex(s.duplex())
                // A session starts by its own settings, never by udpcast rules the template may carry.
                .minReceivers(0)
                .minWait(Duration.ZERO)
                .autostart(0)
                .expectedReceivers(expectedGiven)
                .maxWait(part == 0 ? s.maxWait() : s.partWait())
                .admission(this::admits)
                .unicastHelloTo(chain.dueBack().stream().<InetAddress>map(Ipv4::parse).toList());
        if (s.interfaceName() != null && !s.interfaceName().isEmpty()) {
            b.interfaceName(s.interfaceName());
        }
        if (s.fec() != null && !s.fec().isEmpty()) {
            b.fec(FecSpec.parse(s.fec()));
        }
        return b.build();
    }

    /** Called on the scheduler thread with the session as stored now. */
    void tick(Session fresh) {
        session = fresh;
        flush();
        if (dataStarted && fresh.state() == SessionState.WAITING) {
            String reason = startReason != null ? startReason : "the transfer started";
            ctx.sessions().transition(id, SessionState.WAITING, SessionState.IN_PROGRESS, reason, ctx.node(),
                    ctx.now());
        }
        SenderFactory.Transfer t = current;
        if (t != null && part == 0 && !dataStarted && !cancelled) {
            if (fresh.expectedReceivers() != expectedGiven) {
                expectedGiven = fresh.expectedReceivers();
                t.expectReceivers(expectedGiven);
            }
            // "Start now" means: stop waiting for the rest; with nobody there yet it starts on the first join
            // (the sender would give up with no receiver).
            if (fresh.startRequested() && !startIssued && chain.joined() > 0) {
                startIssued = true;
                t.startNow();
            }
        }
    }

    /** Takes in what the sender reports of a receiver. */
    private void seen(ReceiverStatus r) {
        chain.see(r);
        pendingReceivers.put(r.address().getHostAddress(), r);
    }

    /** The sender asks whether a new receiver may join (on its own thread): not one the chain refuses. */
    private boolean admits(InetAddress receiver) {
        PartChain.Refusal refusal = chain.admit(receiver.getHostAddress());
        if (refusal == null) {
            return true;
        }
        if (refusal.first()) {
            refusals.add(refusal);
            messages.add("refused " + refusal.address() + ": " + refusal.reason() + "; its receiver was turned "
                    + "away, so it writes nothing of this file");
        }
        return false;
    }

    /** Persists what the engine reported since the last call. */
    synchronized void flush() {
        Instant now = ctx.now();
        for (String m; (m = messages.poll()) != null; ) {
            ctx.sessions().log(id, m, now);
        }
        for (PartChain.Refusal r; (r = refusals.poll()) != null; ) {
            ctx.receivers().chainState(id, r.address(), PartChain.REFUSED, r.reason(), now);
        }
        for (String address : List.copyOf(pendingReceivers.keySet())) {
            ReceiverStatus r = pendingReceivers.remove(address);
            if (r != null) {
                long position = bytesBeforePart + r.bytesAcknowledged();
                RateSample rate = rates.compute(address, (a, last) -> last == null
                        ? new RateSample(position, now, 0)
                        : last.next(position, now, r.state() == ReceiverState.COMPLETED));
                ctx.receivers().senderView(id, address, r.state().name(), position, totalBytes, rate.bytesPerSecond(),
                        r.retransmitRequests(), r.lagging(), r.reason(), now);
            }
        }
        TransferProgress p = pendingProgress;
        if (p != null) {
            pendingProgress = null;
            long done = bytesBeforePart + p.bytes();
            ctx.sessions().updateProgress(id, done, totalBytes, now);
            ctx.metrics().addBytes(done - reportedBytes);
            reportedBytes = Math.max(reportedBytes, done);
            ctx.metrics().addRetransmittedBlocks(p.retransmittedBlocks() - reportedRetransmits);
            reportedRetransmits = p.done() ? 0 : Math.max(reportedRetransmits, p.retransmittedBlocks());
        }
        for (PartChain.PartRecord r : chain.drain()) {
            ctx.receivers().recordPart(id, r.address(), r.part(), r.file(), r.result(), r.bytes(), r.reason(), now);
        }
    }

    /** Stops the transfer (the session's new state is written by whoever cancels). */
    void cancel() {
        cancelled = true;
        SenderFactory.Transfer t = current;
        if (t != null) {
            t.cancel();
        }
    }

    private void finish(SessionState to, String reason) {
        if (ctx.halted()) {
            return;
        }
        flush();
        Instant now = ctx.now();
        Session s = ctx.sessions().find(id).orElseThrow();
        if (s.state().isFinished()) {
            return;
        }
        if (to == SessionState.COMPLETE && s.state() == SessionState.WAITING) {
            ctx.sessions().transition(id, SessionState.WAITING, SessionState.IN_PROGRESS,
                    startReason != null ? startReason : "the transfer started", ctx.node(), now);
            s = ctx.sessions().find(id).orElseThrow();
        }
        if (s.state().canMoveTo(to)) {
            ctx.sessions().transition(id, s.state(), to, reason, ctx.node(), now);
        }
        log(to.name().toLowerCase() + ": " + reason);
    }

    private void log(String message) {
        if (!ctx.halted()) {
            ctx.sessions().log(id, message, ctx.now());
        }
    }

    private final class Listener implements TransferListener {
        @Override
        public void onMessage(String message) {
            messages.add(message);
        }

        @Override
        public void onProgress(TransferProgress progress) {
            pendingProgress = progress;
            for (ReceiverStatus r : progress.receivers()) {
                seen(r);
            }
        }

        @Override
        public void onReceiverChanged(ReceiverStatus receiver) {
            seen(receiver);
        }

        @Override
        public void onStartDecision(String reason) {
            String why = part == 0 ? reason : "part " + (part + 1) + ": " + reason;
            startReason = why;
            messages.add("starting: " + why);
        }

        @Override
        public void onTransferStarted() {
            dataStarted = true;
        }
    }
}
