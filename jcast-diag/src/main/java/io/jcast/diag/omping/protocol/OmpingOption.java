package io.jcast.diag.omping.protocol;

/** The option types of omping messages (omping-ssmping.md §3.3); the options themselves are {@code TlvOption}s. */
public final class OmpingOption {
    public static final int VERSION = 0;
    public static final int CLIENT_ID = 1;
    public static final int SEQUENCE_NUMBER = 2;
    public static final int CLIENT_TIMESTAMP = 3;
    public static final int MULTICAST_GROUP = 4;
    public static final int OPTION_REQUEST = 5;
    public static final int SERVER_INFO = 6;
    public static final int TTL = 9;
    public static final int MULTICAST_PREFIX = 10;
    public static final int SESSION_ID = 11;
    public static final int SERVER_TIMESTAMP = 12;

    private OmpingOption() {
    }
}
