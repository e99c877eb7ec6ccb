package io.jcast.diag.omping;

/** How an Answer arrived: on the unicast socket, or on the multicast (broadcast with {@code -M ipbc}) socket. */
public enum Cast {
    UNICAST("uni"),
    MULTICAST("multi"),
    BROADCAST("broad");

    private final String prefix;

    Cast(String prefix) {
        this.prefix = prefix;
    }

    /** omping prints {@code %5scast}: "  uni", "multi", "broad". */
    public String label() {
        return String.format("%5scast", prefix);
    }
}
