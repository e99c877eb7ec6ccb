package io.jcast.cli.diag;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Catches SIGINT (and optionally SIGTERM) while a diagnostic runs, as the C tools do: the signal
 * only stops the run, which then prints its statistics and returns its own exit code, instead of
 * the JVM exiting with 130. The previous handlers come back on {@link #close()}.
 */
final class InterruptHandler implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private InterruptHandler() {
    }

    static InterruptHandler on(Runnable stop, String... names) {
        InterruptHandler h = new InterruptHandler();
        for (String name : names) {
            try {
                Signal signal = new Signal(name);
                h.previous.add(Signal.handle(signal, s -> stop.run()));
                h.signals.add(signal);
            } catch (IllegalArgumentException unsupported) {
                // the signal is not available here (or the JVM reserves it): keep the default behaviour
            }
        }
        return h;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
