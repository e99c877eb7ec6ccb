package io.jcast.diag.omping;

/** What an omping node dropped or refused, instead of crashing or amplifying. */
public enum OmpingCounter {
    MALFORMED_DATAGRAMS("datagrams that are not well-formed omping messages"),
    IGNORED_MESSAGES("well-formed messages ignored (wrong socket, unknown client ID, stale state)"),
    QUERIES_RATE_LIMITED("queries dropped by the per-peer rate limit (-r)"),
    REPLIES_RATE_LIMITED("replies not sent because their source exceeded the per-source reply rate"),
    REPLIES_TOO_LARGE("replies not sent because they would be larger than the request"),
    SEND_FAILURES("datagrams the operating system refused to send");

    private final String label;

    OmpingCounter(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
