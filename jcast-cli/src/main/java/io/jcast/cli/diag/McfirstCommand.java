package io.jcast.cli.diag;

import io.jcast.diag.ssmping.McfirstConfig;
import io.jcast.diag.ssmping.McfirstReceiver;
import io.jcast.diag.ssmping.McfirstResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jcast mcfirst}: Debian mcfirst 0.9.1, wait for the first multicast packets of any application. */
@Command(name = "mcfirst",
        header = "Join a group and report the first packets that arrive (mcfirst 0.9.1 compatible).",
        customSynopsis = {
            "jcast mcfirst [-46rv] [-I interface] [-c count] [-t time] [source] group port",
            "   or: jcast mcfirst [-46rv] [-I interface] [-c count] [-t time] group [source] port"
        },
        description = {
            "Joins (S,G) when a source is given, otherwise (*,G), and prints the packets that arrive. Sends "
                + "nothing. Stops after -c packets (default 1 unless -t is given) or after -t seconds.",
            "ttl/hops is printed as -1: a JVM cannot read the received TTL."
        },
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:at least one packet arrived (as mcfirst 0.9.1)",
            " 1:no packet arrived (as mcfirst 0.9.1)",
            " 2:bad input: usage, unknown host or interface, no group, port out of range, mixed IPv4/IPv6",
            " 4:network setup failed (bind or join refused, no route to the group)"
        })
public final class McfirstCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "-4", description = "Use IPv4 only.")
    boolean ipv4;

    @Option(names = "-6", description = "Use IPv6 only.")
    boolean ipv6;

    @Option(names = "-v", description = "Accepted and ignored, as by mcfirst 0.9.1.")
    boolean verbose;

    @Option(names = "-r", description = "Print only the totals and rates, not a line per packet.")
    boolean ratesOnly;

    @Option(names = "-I", paramLabel = "interface",
            description = "Interface to join on (default: the one the routing table uses towards the group).")
    String joinInterface;

    @Option(names = "-c", paramLabel = "count", description = "Packets to wait for (default: 1, or unlimited with -t).")
    Integer count;

    @Option(names = "-t", paramLabel = "time", description = "Seconds to run (default: no limit).")
    Integer time;

    @Parameters(arity = "2..3", paramLabel = "[source] group port", hideParamSyntax = true,
            description = "The multicast address is the group, the other one the source; the port comes last.")
    List<String> arguments;

    @Override
    @SuppressWarnings("try") // the handler is held for its scope, not used in it
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        McfirstConfig config;
        try {
            config = config();
        } catch (BadInputException | IllegalArgumentException e) {
            err.println("mcfirst: " + e.getMessage());
            return AddressArguments.BAD_INPUT;
        }
        McfirstReceiver receiver = new McfirstReceiver(config);
        try (InterruptHandler onCtrlC = InterruptHandler.on(receiver::stop, "INT")) {
            McfirstResult r = receiver.run(() -> {
                out.println(receiver.joinedLine());
                out.flush();
            }, packet -> {
                if (!ratesOnly) {
                    out.println(packet.line());
                    out.flush();
                }
            });
            out.print(r.summary());
            out.flush();
            return r.packets() > 0 ? 0 : AddressArguments.NO_MULTICAST;
        } catch (IOException e) {
            err.println("mcfirst: " + e.getMessage());
            return AddressArguments.NETWORK_ERROR;
        }
    }

    private McfirstConfig config() throws BadInputException, IOException {
        if (count != null && count <= 0) {
            throw new BadInputException("Count must be positive");
        }
        if (time != null && time <= 0) {
            throw new BadInputException("Invalid time to run");
        }
        AddressArguments.Family family = AddressArguments.family(ipv4, ipv6);
        String portText = arguments.get(arguments.size() - 1);
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new BadInputException("port " + portText + " is not a number");
        }
        AddressArguments.checkPort(port);
        InetAddress group;
        InetAddress source = null;
        if (arguments.size() == 2) {
            group = AddressArguments.resolve(arguments.get(0), family).get(0);
            if (!group.isMulticastAddress()) {
                throw new BadInputException(arguments.get(0) + ": argument must be a multicast address");
            }
        } else {
            InetAddress[] pair = AddressArguments.sameFamily(arguments.get(0), arguments.get(1), family);
            if (pair[0].isMulticastAddress() == pair[1].isMulticastAddress()) {
                throw new BadInputException(pair[0].isMulticastAddress()
                        ? "Both addresses cannot be multicast addresses"
                        : "Both addresses cannot be unicast addresses");
            }
            group = pair[0].isMulticastAddress() ? pair[0] : pair[1];
            source = pair[0].isMulticastAddress() ? pair[1] : pair[0];
        }
        return new McfirstConfig(group, source, port, AddressArguments.networkInterface(joinInterface),
                count == null ? 0 : count, time == null ? null : Duration.ofSeconds(time));
    }
}
