package io.jcast.cli;

import io.jcast.nack.NackReceiver;
import io.jcast.nack.NackSender;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.Receiver;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.Sender;
import io.jcast.transfer.SenderConfig;
import io.jcast.transfer.TransferException;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferResult;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Runs one sender or receiver for a command: opens it, reports setup errors in one line, wires
 * Ctrl-C (a shutdown hook cancels and waits for the transfer to wind down) and the keyboard, and
 * turns the result into the exit code.
 */
public final class TransferRunner {
    /** The part of a sender or receiver the runner drives. */
    private record Transfer(Supplier<TransferResult> run, Runnable start, Runnable cancel, Runnable close) {
    }

    @FunctionalInterface
    private interface Opener {
        Transfer open(TransferListener listener) throws TransferException;
    }

    /** Opens an engine of the jcast protocol for {@link #sendJcast} or {@link #receiveJcast}. */
    @FunctionalInterface
    public interface Opening<T> {
        T open(TransferListener listener) throws TransferException;
    }

    private final String program;
    private final ConsoleOutput out;
    private final ConsoleListener console;
    private boolean keyboard;
    private boolean keyboardFromTty;
    private boolean promptAtOnce;
    private boolean reportSuccess;
    private String trailer;
    private UnaryOperator<TransferListener> listenerWrapper = UnaryOperator.identity();
    private TransferResult lastResult;

    /** {@code program} prefixes error lines ("udp-sender", "jcast send"). */
    public TransferRunner(String program, ConsoleOutput out, ConsoleListener console) {
        this.program = program;
        this.out = out;
        this.console = console;
    }

    /** Enables the key-press start: {@code fromTty} reads /dev/tty because stdin carries data. */
    public TransferRunner keyboard(boolean enabled, boolean fromTty, boolean promptAtOnce) {
        this.keyboard = enabled;
        this.keyboardFromTty = fromTty;
        this.promptAtOnce = promptAtOnce;
        return this;
    }

    /** Also prints the result's one-line summary when the transfer succeeded (jcast send/receive). */
    public TransferRunner reportSuccess(boolean v) {
        this.reportSuccess = v;
        return this;
    }

    /** Text printed to stderr at the very end of a transfer that ran (udp-sender ends with an empty line). */
    public TransferRunner trailer(String v) {
        this.trailer = v;
        return this;
    }

    /** Wraps the console listener before the engine gets it, e.g. to also report to the manager. */
    public TransferRunner wrapListener(UnaryOperator<TransferListener> wrapper) {
        this.listenerWrapper = wrapper;
        return this;
    }

    /** How the last transfer run by this runner ended, or null if it could not be opened. */
    public TransferResult lastResult() {
        return lastResult;
    }

    public int send(SenderConfig config) {
        return execute("Ready. Press any key to start sending data.", listener -> {
            Sender s = Sender.open(config, listener);
            return new Transfer(s::run, s::startNow, s::cancel, s::close);
        });
    }

    public int receive(ReceiverConfig config) {
        return execute("Press any key to start receiving data!", listener -> {
            Receiver r = Receiver.open(config, listener);
            return new Transfer(r::run, r::requestStart, r::cancel, r::close);
        });
    }

    public int sendJcast(Opening<NackSender> opening) {
        return execute("Ready. Press any key to start sending data.", listener -> {
            NackSender s = opening.open(listener);
            return new Transfer(s::run, s::startNow, s::cancel, s::close);
        });
    }

    public int receiveJcast(Opening<NackReceiver> opening) {
        return execute("", listener -> {
            NackReceiver r = opening.open(listener);
            return new Transfer(r::run, () -> { }, r::cancel, r::close);
        });
    }

    private int execute(String prompt, Opener opener) {
        // The Ctrl-C hook is in place before the engine opens: a signal during start-up then still ends with
        // "cancelled" and exit 130 instead of a silent JVM exit.
        AtomicReference<Transfer> opened = new AtomicReference<>();
        AtomicReference<Keyboard> keyboardInUse = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.set(true);
            Transfer t = opened.get();
            if (t != null) {
                t.cancel().run();
            }
            try {
                finished.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Keyboard k = keyboardInUse.get();
            if (k != null) {
                k.close();
            }
        }, "jcast-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        Transfer transfer;
        try {
            transfer = opener.open(listenerWrapper.apply(console));
        } catch (TransferException e) {
            out.stderr(program + ": " + e.getMessage());
            finished.countDown();
            removeHook(hook);
            return e.exitCode().code();
        }
        opened.set(transfer);
        if (interrupted.get()) {
            transfer.cancel().run();
        }
        Keyboard keys = keyboard ? Keyboard.open(keyboardFromTty) : null;
        keyboardInUse.set(keys);
        try {
            if (keys != null) {
                console.promptWhenReady(prompt);
                keys.listen(transfer.start(), transfer.cancel());
                if (promptAtOnce) {
                    console.promptNow();
                }
            }
            TransferResult result = transfer.run().get();
            lastResult = result;
            console.closeBar();
            if (trailer != null) {
                out.raw(trailer);
            }
            if (result.exitCode() != ExitCode.OK || reportSuccess) {
                out.stderr(program + ": " + result.message());
            }
            return result.exitCode().code();
        } finally {
            transfer.close().run();
            if (keys != null) {
                keys.close();
            }
            finished.countDown();
            removeHook(hook);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down (Ctrl-C): the hook is running and ends by itself
        }
    }
}
