package io.jcast.transfer;

/**
 * Callbacks from a running transfer. They are called on the engine's thread: keep them short and
 * never block in them.
 */
public interface TransferListener {
    TransferListener NONE = new TransferListener() {
    };

    /** Something happened; by default its plain description goes to {@link #onMessage}. */
    default void onEvent(TransferEvent event) {
        onMessage(event.describe());
    }

    /** Each event's plain description, unless {@link #onEvent} is overridden. */
    default void onMessage(String message) {
    }

    /** Progress, at most once per stat period, and once with {@code done == true} at the end. */
    default void onProgress(TransferProgress progress) {
    }

    /** A receiver joined, progressed, completed or left (sender only). */
    default void onReceiverChanged(ReceiverStatus receiver) {
    }

    /**
     * The sender's {@link StartPolicy} decided to start, and why ("2 of 2 expected receivers joined"). Sender
     * only. {@link #onTransferStarted} follows unless the start fails (with no receiver there, say).
     */
    default void onStartDecision(String reason) {
    }

    /** The data phase began (after negotiation). */
    default void onTransferStarted() {
    }
}
