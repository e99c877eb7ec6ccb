package io.jcast.cli.diag;

/** A command-line value that cannot be used (unknown host, not a multicast group, wrong IP version...). */
final class BadInputException extends Exception {
    private static final long serialVersionUID = 1L;

    BadInputException(String message) {
        super(message);
    }
}
