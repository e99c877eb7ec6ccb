package io.jcast.cli.udpcast;

import io.jcast.cli.CommandFailure;
import io.jcast.cli.ConsoleListener;
import io.jcast.cli.ConsoleOutput;
import io.jcast.cli.InputOutputChecks;
import io.jcast.cli.OptionConverters;
import io.jcast.cli.TransferRunner;
import io.jcast.cli.VersionProvider;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.SenderConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Drop-in {@code udp-receiver}: every option of udpcast 20120424, mapped onto {@link ReceiverConfig}.
 * Data goes to stdout only when there is no {@code --file}; every message goes to stderr.
 */
@Command(name = "udp-receiver",
        hidden = true,
        customSynopsis = "udp-receiver [options]",
        showDefaultValues = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"jcast's drop-in replacement for udpcast's udp-receiver (20120424): same options, same output,",
            "truthful exit codes (see 'jcast --help')."},
        footer = {"%nNot supported (exit 2): --print-uncompressed-position 1."})
public final class UdpReceiverCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-f", "--file"}, paramLabel = "file", description = "Output file or device. Default: stdout.")
    Path file;

    @Option(names = {"-p", "--pipe"}, paramLabel = "command", description = "Write the data through this command (split on spaces).")
    String pipe;

    @Option(names = {"-P", "--portbase", "--port"}, paramLabel = "portbase", description = "Receivers use this port, the sender the next one.")
    int portBase = SenderConfig.DEFAULT_PORT_BASE;

    @Option(names = {"-i", "--interface"}, paramLabel = "ifname", description = "Interface name, IP or prefix. Default: $IFNAME, else automatic.")
    String interfaceName;

    @Option(names = "--local-address", paramLabel = "IP", converter = OptionConverters.Address.class,
            description = "jcast extension: bind this unicast address instead of the interface's.")
    InetAddress localAddress;

    @Option(names = {"-t", "--ttl"}, paramLabel = "ttl", description = "TTL of the join request.")
    int ttl = 1;

    @Option(names = {"-M", "--mcast-rdv-address", "--mcast_rdv_address", "--mcast-all-address", "--mcast_all_address"},
            paramLabel = "address", converter = OptionConverters.Ipv4.class,
            description = "Control (rendezvous) address. Default: broadcast, or 224.0.0.1 if --ttl is not 1.")
    InetAddress rdvAddress;

    @Option(names = {"-d", "--passive"}, description = "Send nothing; join on the sender's HELLO.")
    boolean passive;

    @Option(names = {"-n", "--nosync"}, description = "Ordinary writes (the default).")
    boolean nosync;

    @Option(names = {"-y", "--sync"}, description = "Synchronous writes (O_SYNC).")
    boolean sync;

    @Option(names = {"-b", "--rcvbuf"}, paramLabel = "size", converter = OptionConverters.BufferSize.class,
            showDefaultValue = Visibility.NEVER, description = "Socket receive buffer; k, m: x1024. Default: jcast's 4 MiB request.")
    int rcvbuf;

    @Option(names = {"-k", "--nokbd"}, description = "No key press start and no prompt.")
    boolean nokbd;

    @Option(names = {"-w", "--exit-wait", "--exitWait"}, paramLabel = "milliseconds",
            description = "After the end, answer repeated acknowledgement requests this long.")
    int exitWaitMillis = 500;

    @Option(names = {"-s", "--start-timeout"}, paramLabel = "seconds", description = "Give up when no sender is found or no data comes in this time (0: never).")
    int startTimeout;

    @Option(names = "--receive-timeout", paramLabel = "seconds", showDefaultValue = Visibility.NEVER,
            description = "Give up when the sender falls silent this long during the transfer. Default: 60 s (udpcast: never).")
    int receiveTimeout;

    @Option(names = "--reannounce-interval", paramLabel = "seconds",
            description = "jcast extension: leave and re-join the multicast groups this often, so that switches "
                    + "snooping IGMP without a querier keep forwarding them (0: never, as udpcast).")
    int reannounceInterval = (int) ReceiverConfig.DEFAULT_REANNOUNCE_INTERVAL.toSeconds();

    @Option(names = {"-l", "--log"}, paramLabel = "file", description = "Append informational messages to this file.")
    Path log;

    @Option(names = "--no-progress", description = "No progress lines.")
    boolean noProgress;

    @Option(names = {"-x", "--print-uncompressed-position"}, paramLabel = "0|1", showDefaultValue = Visibility.NEVER,
            description = "jcast never prints the position field: 0 (and udpcast's automatic -1) are accepted, 1 is refused.")
    int printPosition = -1;

    @Option(names = {"-z", "--stat-period", "--statistics-period"}, paramLabel = "milliseconds", description = "Progress line interval.")
    int statPeriodMillis = 500;

    @Option(names = {"-Z", "--ignore-lost-data"}, description = "Keep going past data that could not be recovered.")
    boolean ignoreLostData;

    @Option(names = {"-L", "--license"}, description = "Print licence information and exit.")
    boolean license;

    @Override
    public Integer call() {
        if (license) {
            spec.commandLine().getOut().println(UdpcastFrontEnds.license("udp-receiver"));
            spec.commandLine().getOut().flush();
            return ExitCode.OK.code();
        }
        ReceiverConfig config = config();
        try (ConsoleOutput out = ConsoleOutput.forCommand(spec, log)) {
            out.stderr("Udp-receiver 20120424 (jcast " + VersionProvider.version() + ")");
            ConsoleListener console = ConsoleListener.receiver(out, true,
                    noProgress ? ConsoleListener.Progress.NONE : ConsoleListener.Progress.STAT_LINES, System.err);
            return new TransferRunner("udp-receiver", out, console)
                    .keyboard(!nokbd && !passive, false, false)
                    .receive(config);
        }
    }

    ReceiverConfig config() {
        UdpcastFrontEnds.refuse(printPosition > 0, "--print-uncompressed-position 1 is not supported by jcast");
        UdpcastFrontEnds.refuse(sync && nosync, "sync and nosync cannot be set both");
        UdpcastFrontEnds.refuse(statPeriodMillis < 0 || exitWaitMillis < 0 || startTimeout < 0 || receiveTimeout < 0
                || reannounceInterval < 0, "times must not be negative");
        if (file != null) {
            InputOutputChecks.requireWritable(file);
        }
        String iface = interfaceName != null ? interfaceName : System.getenv("IFNAME");
        return CommandFailure.checkConfig(() -> ReceiverConfig.builder()
                .file(file)
                .output(new FileOutputStream(FileDescriptor.out))
                .pipe(InputOutputChecks.pipeCommand(pipe))
                .interfaceName(iface)
                .localAddress(localAddress)
                .portBase(portBase)
                .ttl(ttl)
                .rendezvousAddress(rdvAddress)
                .passive(passive)
                .sync(sync)
                .receiveBufferBytes(rcvbuf)
                .exitWait(Duration.ofMillis(exitWaitMillis))
                .startTimeout(Duration.ofSeconds(startTimeout))
                .receiveTimeout(Duration.ofSeconds(receiveTimeout))
                .reannounceInterval(Duration.ofSeconds(reannounceInterval))
                .ignoreLostData(ignoreLostData)
                .statPeriod(Duration.ofMillis(statPeriodMillis))
                .build());
    }
}
