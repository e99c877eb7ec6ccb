package io.jcast.cli.diag;

import io.jcast.diag.ssmping.SsmpingClientConfig;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jcast ssmping}: Debian ssmping 0.9.1, SSM ping of an ssmpingd. */
@Command(name = "ssmping",
        header = "Check that a host's SSM multicast reaches you (ssmping 0.9.1 compatible).",
        description = {
            "Sends one request per second to ssmpingd on <destination> (UDP 4321) and joins the source-specific "
                + "channel (destination, 232.43.211.234) or (destination, ff3e::4321:1234). Each request is "
                + "answered by unicast and by multicast; both are printed with their round-trip times, then the "
                + "statistics.",
            "dist (routers crossed) is printed as -1: a JVM cannot read the received TTL."
        },
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            " 0:at least one multicast reply arrived (as ssmping 0.9.1)",
            " 1:no multicast reply arrived (as ssmping 0.9.1)",
            " 2:bad input: usage, unknown host or interface, port out of range, -4/-6 conflict",
            " 4:network setup failed (no route to the server, bind or join refused)"
        })
public final class SsmpingCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions options;

    @Parameters(paramLabel = "destination", description = "Host running ssmpingd (name or address).")
    String destination;

    @Override
    public Integer call() throws IOException {
        SsmpingClientConfig config;
        try {
            AddressArguments.Family family = options.family();
            config = options.apply(SsmpingClientConfig.ssm(AddressArguments.unicast(destination, family)));
        } catch (BadInputException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("ssmping: " + e.getMessage());
            return AddressArguments.BAD_INPUT;
        }
        return ClientOptions.ping("ssmping", config, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
