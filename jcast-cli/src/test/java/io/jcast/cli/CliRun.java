package io.jcast.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * Runs {@code jcast args...} in-process, as {@link Main#execute} does, capturing stdout and stderr. stdin is empty
 * meanwhile: the forked test JVM's real stdin is Surefire's command channel, and a command reading it corrupts the run.
 */
public record CliRun(int exitCode, String out, String err) {
    public static CliRun of(String... args) {
        CommandLine cl = JcastCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream(new byte[0]));
        int code;
        try {
            code = cl.execute(args);
        } finally {
            System.setIn(stdin);
        }
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Parses {@code jcast args...} and returns the subcommand's object with its fields set. */
    @SuppressWarnings("unchecked")
    public static <T> T parse(String... args) {
        CommandLine.ParseResult pr = JcastCommand.commandLine().parseArgs(args);
        return (T) pr.subcommand().commandSpec().userObject();
    }
}
