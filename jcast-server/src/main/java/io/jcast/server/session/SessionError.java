package io.jcast.server.session;

/** A request the session service refuses, with a message fit for the user. */
public final class SessionError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for the HTTP status. */
    public enum Kind { INVALID, NOT_FOUND, CONFLICT, FORBIDDEN }

    private final Kind kind;

    public SessionError(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static SessionError invalid(String message) {
        return new SessionError(Kind.INVALID, message);
    }

    public static SessionError notFound(String message) {
        return new SessionError(Kind.NOT_FOUND, message);
    }

    public static SessionError conflict(String message) {
        return new SessionError(Kind.CONFLICT, message);
    }
}
