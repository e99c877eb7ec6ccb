package io.jcast.cli.diag;

import io.jcast.diag.ssmping.SsmpingClient;
import io.jcast.diag.ssmping.SsmpingClientConfig;
import io.jcast.diag.ssmping.SsmpingGroups;
import io.jcast.diag.ssmping.SsmpingPrinter;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The options ssmping and asmping share (getopt string {@code "46vI:c:s:"}) plus jcast's extensions. */
final class ClientOptions {
    @Option(names = "-4", description = "Use IPv4 only.")
    boolean ipv4;

    @Option(names = "-6", description = "Use IPv6 only.")
    boolean ipv6;

    @Option(names = "-v", description = "Ask the server for its version and print it once.")
    boolean version;

    @Option(names = "-I", paramLabel = "interface",
            description = "Interface to join the group on (default: the one holding the source address).")
    String joinInterface;

    @Option(names = "-c", paramLabel = "count", description = "Number of requests to send (default: until Ctrl-C).")
    Integer count;

    @Option(names = "-s", paramLabel = "size",
            description = "Reply size to ask for (REPLYSIZE option, 1-65535; jcast ssmpingd does not pad).")
    Integer size;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + SsmpingGroups.PORT,
            description = "Server port (jcast extension).")
    int port;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "1000",
            description = "Milliseconds between requests (jcast extension; ssmping always uses 1000).")
    int intervalMillis;

    @Option(names = "--request-size", paramLabel = "BYTES", defaultValue = "0",
            description = "Pad each request to this many bytes, so that large replies come back from a server "
                    + "that never answers with more than it got (jcast extension; 0 = no padding).")
    int requestSize;

    SsmpingClientConfig apply(SsmpingClientConfig base) throws BadInputException, IOException {
        if (count != null && count <= 0) {
            throw new BadInputException("Count must be positive");
        }
        if (size != null && (size <= 0 || size > 65535)) {
            throw new BadInputException("Invalid size " + size + " (1-65535)");
        }
        if (intervalMillis <= 0) {
            throw new BadInputException("--interval must be positive");
        }
        if (requestSize < 0 || requestSize > 65507) {
            throw new BadInputException("--request-size " + requestSize + " out of range 0-65507");
        }
        AddressArguments.checkPort(port);
        return base.withPort(port).withCount(count == null ? 0 : count).withRequestVersion(version)
                .withReplySize(size == null ? 0 : size).withRequestSize(requestSize)
                .withInterval(Duration.ofMillis(intervalMillis))
                .withJoinInterface(AddressArguments.networkInterface(joinInterface));
    }

    AddressArguments.Family family() throws BadInputException {
        return AddressArguments.family(ipv4, ipv6);
    }

    /**
     * Runs the client, printing as ssmping does; Ctrl-C ends the run, the statistics are printed and
     * the exit code is the run's (0 or 1), as ssmping's.
     */
    @SuppressWarnings("try") // the handler is held for its scope, not used in it
    static int ping(String tool, SsmpingClientConfig config, PrintWriter out, PrintWriter err) {
        SsmpingClient client = new SsmpingClient(config);
        try (InterruptHandler onCtrlC = InterruptHandler.on(client::stop, "INT")) {
            boolean multicast = client.run(new SsmpingPrinter(out, err)).multicastReceived();
            return multicast ? 0 : AddressArguments.NO_MULTICAST;
        } catch (IOException e) {
            err.println(tool + ": " + e.getMessage());
            return AddressArguments.NETWORK_ERROR;
        } finally {
            out.flush();
        }
    }
}
