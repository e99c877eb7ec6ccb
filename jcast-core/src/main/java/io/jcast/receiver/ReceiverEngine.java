package io.jcast.receiver;

import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.TransferException;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferResult;

/** The receiver's duty cycle: locate the sender, assemble slices, answer REQACKs. (Being written.) */
public final class ReceiverEngine implements AutoCloseable {
    public static ReceiverEngine open(ReceiverConfig config, TransferListener listener) throws TransferException {
        throw new UnsupportedOperationException("receiver engine not written yet");
    }

    public TransferResult run() {
        throw new UnsupportedOperationException();
    }

    public void requestStart() {
    }

    public void cancel() {
    }

    @Override
    public void close() {
    }
}
