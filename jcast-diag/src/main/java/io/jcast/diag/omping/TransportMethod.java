package io.jcast.diag.omping;

/** omping's {@code -M}: any-source multicast, source-specific multicast, or IPv4 broadcast. */
public enum TransportMethod {
    ASM,
    SSM,
    IPBC
}
