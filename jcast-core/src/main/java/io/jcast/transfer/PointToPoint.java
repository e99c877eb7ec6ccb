package io.jcast.transfer;

/** Whether data may go unicast when exactly one receiver is connected. */
public enum PointToPoint {
    /** udpcast default: unicast with one receiver (not async), multicast otherwise. */
    AUTO,
    /** Always unicast ({@code --pointopoint}); a second receiver is refused. */
    ALWAYS,
    /** Always multicast ({@code --nopointopoint}). */
    NEVER
}
