package io.jcast.sender;

import io.jcast.transfer.SenderConfig;
import io.jcast.transfer.TransferException;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferResult;

/** The sender's duty cycle: negotiation, slicing, acknowledgement rounds. (Being written.) */
public final class SenderEngine implements AutoCloseable {
    public static SenderEngine open(SenderConfig config, TransferListener listener) throws TransferException {
        throw new UnsupportedOperationException("sender engine not written yet");
    }

    public TransferResult run() {
        throw new UnsupportedOperationException();
    }

    public void startNow() {
    }

    public void cancel() {
    }

    @Override
    public void close() {
    }
}
