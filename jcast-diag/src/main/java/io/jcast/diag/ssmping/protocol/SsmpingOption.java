package io.jcast.diag.ssmping.protocol;

/** The option types of ssmping messages ({@code ssmping.h}); the options themselves are {@code TlvOption}s. */
public final class SsmpingOption {
    public static final int PID = 1;
    public static final int SEQ = 2;
    public static final int TIMESTAMP = 3;
    public static final int GROUP = 4;
    public static final int REQUEST_VERSION = 5;
    public static final int VERSION = 6;
    public static final int REPLY_SIZE = 7;
    public static final int PAD = 8;

    private SsmpingOption() {
    }
}
