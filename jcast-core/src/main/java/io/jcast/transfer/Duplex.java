package io.jcast.transfer;

/** udpcast's duplex choice: full duplex pipelines two slices; half duplex adapts the slice size. */
public enum Duplex {
    /** Ask the interface (ethtool) and use full duplex if the link says so, as udpcast does. */
    AUTO,
    FULL,
    HALF
}
