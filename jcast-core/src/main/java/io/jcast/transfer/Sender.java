package io.jcast.transfer;

import io.jcast.sender.SenderEngine;

/**
 * A UDPcast-compatible multicast sender. {@link #open} checks the configuration, the interface and
 * the input and binds the sockets, so that setup errors surface before anything is sent;
 * {@link #run} negotiates with receivers, transfers and returns the outcome.
 *
 * <pre>{@code
 * try (Sender sender = Sender.open(SenderConfig.builder().file(image).interfaceName("eth0")
 *         .minReceivers(3).build(), listener)) {
 *     TransferResult result = sender.run();
 * }
 * }</pre>
 */
public final class Sender implements AutoCloseable {
    private final SenderEngine engine;

    private Sender(SenderEngine engine) {
        this.engine = engine;
    }

    public static Sender open(SenderConfig config, TransferListener listener) throws TransferException {
        return new Sender(SenderEngine.open(config, listener));
    }

    /** Runs negotiation and transfer on the calling thread until the transfer ends. */
    public TransferResult run() {
        return engine.run();
    }

    /** Starts the transfer now with whoever has joined (a key press, or the manager's "start now"). */
    public void startNow() {
        engine.startNow();
    }

    /**
     * Changes the expected receiver count of the {@link StartPolicy} while the sender waits (the manager's
     * edit); no effect once the transfer started. Safe from any thread.
     */
    public void expectReceivers(int count) {
        engine.expectReceivers(count);
    }

    /** Stops the transfer; {@link #run} returns {@link ExitCode#INTERRUPTED}. Safe from any thread. */
    public void cancel() {
        engine.cancel();
    }

    @Override
    public void close() {
        engine.close();
    }
}
