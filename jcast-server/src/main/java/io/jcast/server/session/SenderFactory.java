package io.jcast.server.session;

import io.jcast.transfer.Sender;
import io.jcast.transfer.SenderConfig;
import io.jcast.transfer.TransferException;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferResult;

/**
 * Opens the sender of one transfer. {@link #ENGINE} is jcast's; tests substitute a scripted one so
 * the scheduler and state machine can be tested without the network.
 */
@FunctionalInterface
public interface SenderFactory {
    SenderFactory ENGINE = (config, listener) -> {
        Sender sender = Sender.open(config, listener);
        return new Transfer() {
            @Override
            public TransferResult run() {
                return sender.run();
            }

            @Override
            public void startNow() {
                sender.startNow();
            }

            @Override
            public void expectReceivers(int count) {
                sender.expectReceivers(count);
            }

            @Override
            public void cancel() {
                sender.cancel();
            }

            @Override
            public void close() {
                sender.close();
            }
        };
    };

    Transfer open(SenderConfig config, TransferListener listener) throws TransferException;

    /** An open sender: the operations of {@link Sender} that a session uses. */
    interface Transfer extends AutoCloseable {
        TransferResult run();

        void startNow();

        void expectReceivers(int count);

        void cancel();

        @Override
        void close();
    }
}
