package io.jcast.cli;

import io.jcast.transfer.ReceiverState;
import io.jcast.transfer.ReceiverStatus;
import io.jcast.transfer.TransferEvent;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Turns transfer events into console output: udpcast's messages and stat lines, or a progress bar. */
public final class ConsoleListener implements TransferListener {
    /** How progress is shown. */
    public enum Progress {
        NONE,
        STAT_LINES,
        BAR;

        /** What {@code jcast send/receive} show: a bar on a terminal, udpcast's stat lines elsewhere. */
        public static Progress of(boolean noProgress) {
            return noProgress ? NONE : Keyboard.isTerminal(2) ? BAR : STAT_LINES;
        }
    }

    private final ConsoleOutput out;
    private final boolean sender;
    private final boolean bell;
    private final Progress progress;
    private final int blockSize;
    private final Duration bwPeriod;
    private final PrintStream barStream;
    private volatile String readyPrompt;
    private boolean prompted;
    private ProgressBar bar;
    private String lastStatLine;
    private long bwLastNanos;
    private long bwLastBytes;

    private ConsoleListener(ConsoleOutput out, boolean sender, boolean bell, Progress progress, int blockSize,
                            Duration bwPeriod, PrintStream barStream) {
        this.out = out;
        this.sender = sender;
        this.bell = bell;
        this.progress = progress;
        this.blockSize = blockSize;
        this.bwPeriod = bwPeriod;
        this.barStream = barStream;
    }

    /**
     * A sender console. {@code bell} appends BEL to "Transfer complete." as udpcast does; {@code bwPeriod}
     * (zero for off) logs udpcast's "Inst BW=" lines to the log file.
     */
    public static ConsoleListener sender(ConsoleOutput out, boolean bell, Progress progress, int blockSize,
                                         Duration bwPeriod, PrintStream barStream) {
        return new ConsoleListener(out, true, bell, progress, blockSize, bwPeriod, barStream);
    }

    public static ConsoleListener receiver(ConsoleOutput out, boolean bell, Progress progress, PrintStream barStream) {
        return new ConsoleListener(out, false, bell, progress, 0, Duration.ZERO, barStream);
    }

    /** Prompt printed once a key press can start the transfer (a receiver joined / connected to a sender). */
    public void promptWhenReady(String prompt) {
        readyPrompt = prompt;
    }

    /** Prints the prompt now (async sender: no receiver ever joins). */
    public synchronized void promptNow() {
        if (readyPrompt != null && !prompted) {
            prompted = true;
            out.stderr(readyPrompt);
        }
    }

    /** Prints the event as udpcast words it; udpcast rings the bell after "Transfer complete.". */
    @Override
    public synchronized void onEvent(TransferEvent event) {
        String line = UdpcastWording.line(event);
        out.message(bell && event instanceof TransferEvent.TransferComplete ? line + "\u0007" : line);
        if (!sender && event instanceof TransferEvent.Connected) {
            promptNow();
        }
    }

    @Override
    public synchronized void onReceiverChanged(ReceiverStatus receiver) {
        if (receiver.state() == ReceiverState.CONNECTED) {
            promptNow();
        }
    }

    @Override
    public synchronized void onProgress(TransferProgress p) {
        logBandwidth(p);
        switch (progress) {
            case STAT_LINES -> {
                // udpcast prints a line when a slice completes; the engine reports on a clock, so skip repeats
                String line = statLine(p);
                if (p.done() || !line.equals(lastStatLine)) {
                    out.progress(line);
                    lastStatLine = line;
                }
            }
            case BAR -> showBar(p);
            case NONE -> {
            }
        }
    }

    /** The udpcast stat line for this snapshot. */
    String statLine(TransferProgress p) {
        if (!sender) {
            return StatLines.receiver(p.bytes(), p.elapsedNanos());
        }
        return StatLines.sender(p.bytes(), p.retransmittedBlocks(), blockSize, p.sliceSizeBlocks(), lastClient(p));
    }

    /** udpcast shows the number of the client that answered last; the closest we know is the highest one not lagging. */
    private static int lastClient(TransferProgress p) {
        int last = 0;
        for (ReceiverStatus r : p.receivers()) {
            if (!r.lagging() && r.state() != ReceiverState.DROPPED && r.state() != ReceiverState.DISCONNECTED) {
                last = Math.max(last, r.number());
            }
        }
        return last;
    }

    private void showBar(TransferProgress p) {
        if (bar == null) {
            bar = new ProgressBarBuilder()
                    .setTaskName(sender ? "send" : "receive")
                    .setInitialMax(p.totalBytes() > 0 ? p.totalBytes() : -1)
                    .setUnit("MB", 1_000_000)
                    .showSpeed()
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
                    .setConsumer(new ConsoleProgressBarConsumer(barStream))
                    .setUpdateIntervalMillis(200)
                    .continuousUpdate()
                    .build();
        }
        bar.stepTo(p.bytes());
        if (p.done()) {
            bar.close();
            bar = null;
        }
        out.midLine();
    }

    private void logBandwidth(TransferProgress p) {
        if (bwPeriod.isZero() || !out.hasLog()) {
            return;
        }
        long elapsed = p.elapsedNanos() - bwLastNanos;
        if (elapsed >= bwPeriod.toNanos() && elapsed > 0) {
            double mbps = (p.bytes() - bwLastBytes) * 8.0 * 1000.0 / elapsed;
            out.log(String.format(Locale.ROOT, "Inst BW=%f", mbps));
            bwLastNanos = p.elapsedNanos();
            bwLastBytes = p.bytes();
        }
    }

    /** Ends a progress bar left open by a transfer that stopped without a final snapshot. */
    public synchronized void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
