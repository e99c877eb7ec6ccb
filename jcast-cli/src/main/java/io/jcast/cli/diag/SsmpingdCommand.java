package io.jcast.cli.diag;

import io.jcast.diag.ssmping.SsmpingGroups;
import io.jcast.diag.ssmping.SsmpingServer;
import io.jcast.diag.ssmping.SsmpingServerConfig;
import io.jcast.diag.ssmping.SsmpingServerCounters;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jcast ssmpingd}: the server ssmping and asmping ping (Debian ssmpingd 0.9.1 on the wire). */
@Command(name = "ssmpingd",
        header = "Answer ssmping/asmping requests by unicast and multicast (ssmpingd 0.9.1 compatible).",
        description = {
            "Listens on UDP 4321 (IPv4 and IPv6) until Ctrl-C. Each request is echoed back to the client and to "
                + "<group>:<client port> with TTL 64, and 'received request from <addr>' is printed.",
            "Not an amplifier: a reply is never larger than its request (so no VER or PAD is added: ssmping -v "
                + "and -s get no version and no padding), replies are rate-limited per source address and in "
                + "total, groups must be multicast and end in .234 or :4321:1234, and malformed requests are "
                + "dropped. The counts are printed on stderr when it stops."
        },
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:stopped (Ctrl-C or SIGTERM)",
            " 2:bad input: port out of range, unknown interface or address, rate below 1",
            " 4:network setup failed (port in use, address not local)"
        })
public final class SsmpingdCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + SsmpingGroups.PORT,
            description = "UDP port to listen on (jcast extension).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", showDefaultValue = Help.Visibility.NEVER,
            description = "Listen on this address only (repeatable; default: every address, IPv4 and IPv6).")
    List<String> bind = new ArrayList<>();

    @Option(names = "-I", paramLabel = "interface",
            description = "Send the multicast replies out of this interface (default: as the routing table says).")
    String multicastInterface;

    @Option(names = "--rate-limit", paramLabel = "N",
            defaultValue = "" + SsmpingServerConfig.DEFAULT_PER_SOURCE_RATE,
            description = "Requests answered per second and source address (burst of the same size).")
    int perSourceRate;

    @Option(names = "--total-rate-limit", paramLabel = "N",
            defaultValue = "" + SsmpingServerConfig.DEFAULT_TOTAL_RATE,
            description = "Requests answered per second from all sources together.")
    int totalRate;

    @Override
    @SuppressWarnings("try") // the handler is held for its scope, not used in it
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SsmpingServerConfig config;
        try {
            if (port < 1 || port > 65535) {
                throw new BadInputException("port " + port + " out of range 1-65535");
            }
            List<InetAddress> addresses = new ArrayList<>();
            for (String b : bind) {
                addresses.add(AddressArguments.resolve(b, AddressArguments.Family.ANY).get(0));
            }
            config = new SsmpingServerConfig(port, addresses, AddressArguments.networkInterface(multicastInterface),
                    perSourceRate, totalRate);
        } catch (BadInputException | IllegalArgumentException e) {
            err.println("ssmpingd: " + e.getMessage());
            return AddressArguments.BAD_INPUT;
        }
        SsmpingServer server;
        try {
            server = SsmpingServer.start(config, line -> {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            });
        } catch (IOException e) {
            err.println("ssmpingd: cannot listen on port " + port + ": " + e.getMessage());
            return AddressArguments.NETWORK_ERROR;
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (InterruptHandler onSignal = InterruptHandler.on(stop::countDown, "INT", "TERM")) {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
        SsmpingServerCounters c = server.counters();
        err.println("ssmpingd: " + c.requests() + " requests answered, " + c.multicastReplies()
                + " multicast replies, " + c.invalidGroups() + " invalid groups, " + c.malformed() + " malformed and "
                + c.rateLimited() + " rate-limited dropped, " + c.ignored() + " ignored");
        return 0;
    }
}
