package io.jcast.cli.diag;

import io.jcast.diag.ssmping.SsmpingClientConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jcast asmping}: Debian asmping 0.9.1, any-source ping of an ssmpingd. */
@Command(name = "asmping",
        header = "Check that a host's ASM multicast reaches you (asmping 0.9.1 compatible).",
        description = {
            "Like ssmping, but joins (*,G). The two arguments may come in either order: the multicast one is the "
                + "group. As asmping does, the group's last IPv4 byte becomes 234 (224.0.1.1 -> 224.0.1.234) and its "
                + "last four IPv6 bytes become 43:21:12:34 (ff3e::1 -> ff3e::4321:1234): the only groups ssmpingd "
                + "serves."
        },
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:at least one multicast reply arrived (as asmping 0.9.1)",
            " 1:no multicast reply arrived (as asmping 0.9.1)",
            " 2:bad input: usage, unknown host or interface, no or two groups, port out of range, mixed IPv4/IPv6",
            " 4:network setup failed (no route to the server, bind or join refused)"
        })
public final class AsmpingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions options;

    @Parameters(index = "0", paramLabel = "group", description = "Group (or destination: the order is free).")
    String first;

    @Parameters(index = "1", paramLabel = "destination", description = "Host running ssmpingd (or the group).")
    String second;

    @Override
    public Integer call() throws IOException {
        SsmpingClientConfig config;
        try {
            InetAddress[] pair = AddressArguments.sameFamily(first, second, options.family());
            boolean firstIsGroup = pair[0].isMulticastAddress();
            if (firstIsGroup == pair[1].isMulticastAddress()) {
                throw new BadInputException(firstIsGroup ? "Both addresses cannot be multicast addresses"
                        : "Both addresses cannot be unicast addresses");
            }
            InetAddress group = firstIsGroup ? pair[0] : pair[1];
            InetAddress server = firstIsGroup ? pair[1] : pair[0];
            config = options.apply(SsmpingClientConfig.asm(server, group));
        } catch (BadInputException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("asmping: " + e.getMessage());
            return AddressArguments.BAD_INPUT;
        }
        return ClientOptions.ping("asmping", config, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
