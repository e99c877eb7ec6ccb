package io.jcast.transfer;

import io.jcast.receiver.ReceiverEngine;

/**
 * A UDPcast-compatible receiver. {@link #open} checks the configuration, the interface and the
 * output and binds the sockets; {@link #run} finds the sender, receives and returns the outcome.
 */
public final class Receiver implements AutoCloseable {
    private final ReceiverEngine engine;

    private Receiver(ReceiverEngine engine) {
        this.engine = engine;
    }

    public static Receiver open(ReceiverConfig config, TransferListener listener) throws TransferException {
        return new Receiver(ReceiverEngine.open(config, listener));
    }

    /** Locates the sender, receives everything and returns the outcome (on the calling thread). */
    public TransferResult run() {
        return engine.run();
    }

    /** Asks the sender to start now (udpcast's GO: a key pressed on a receiver). */
    public void requestStart() {
        engine.requestStart();
    }

    /** Stops receiving; {@link #run} returns {@link ExitCode#INTERRUPTED}. Safe from any thread. */
    public void cancel() {
        engine.cancel();
    }

    @Override
    public void close() {
        engine.close();
    }
}
