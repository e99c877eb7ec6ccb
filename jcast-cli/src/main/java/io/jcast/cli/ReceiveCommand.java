package io.jcast.cli;

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

/** {@code jcast receive}: join a jcast or udpcast sender and write what it sends. */
@Command(name = "receive",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {"Receive from a jcast sender or udp-sender (UDPcast 20120424 protocol) into a file or stdout.",
            "Block size, slice size, FEC and data address come from the sender."},
        footer = {"%nExamples:",
            "  jcast receive -i eth0 -o disk.img",
            "  jcast receive -i eth0 --nokbd | zstd -d > disk.img"})
public final class ReceiveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "File or block device to write; '-' or absent writes stdout.")
    String output;

    @Option(names = {"-i", "--interface"}, paramLabel = "IF",
            description = "Interface name, IP address or name prefix; absent: $IFNAME, else the first multicast interface.")
    String interfaceName;

    @Option(names = "--local-address", paramLabel = "IP", converter = OptionConverters.Address.class,
            description = "Bind this unicast address instead of the interface's (several receivers on one host).")
    InetAddress localAddress;

    @Option(names = "--port-base", paramLabel = "PORT", description = "Receivers use PORT, the sender PORT+1.")
    int portBase = SenderConfig.DEFAULT_PORT_BASE;

    @Option(names = "--rdv-address", paramLabel = "IP", converter = OptionConverters.Ipv4.class,
            description = "Control (rendezvous) address. Default: the broadcast address, or 224.0.0.1 when --ttl is not 1.")
    InetAddress rdvAddress;

    @Option(names = "--ttl", paramLabel = "N", description = "TTL of the join request; other than 1 moves the rendezvous to multicast.")
    int ttl = 1;

    @Option(names = "--passive", description = "Send nothing; join on the sender's HELLO.")
    boolean passive;

    @Option(names = "--sync", description = "Write the output synchronously (force every write to the device).")
    boolean sync;

    @Option(names = "--rcvbuf", paramLabel = "BYTES", converter = OptionConverters.BufferSize.class,
            showDefaultValue = Visibility.NEVER,
            description = "Socket receive buffer; suffixes k, m (x1024). Default: jcast's 4 MiB request.")
    int rcvbuf;

    @Option(names = "--exit-wait", paramLabel = "SECONDS", converter = OptionConverters.Seconds.class, defaultValue = "0.5",
            description = "After the end, keep answering the sender's repeated acknowledgement requests this long.")
    Duration exitWait = Duration.ofMillis(500);

    @Option(names = "--start-timeout", paramLabel = "SECONDS", converter = OptionConverters.Seconds.class, defaultValue = "0",
            description = "Give up (exit 5) if no sender is found or no data comes within this time (0: wait forever).")
    Duration startTimeout = Duration.ZERO;

    @Option(names = "--receive-timeout", paramLabel = "SECONDS", converter = OptionConverters.Seconds.class,
            showDefaultValue = Visibility.NEVER,
            description = "Give up (exit 8) if the sender falls silent this long during the transfer. Default: jcast's.")
    Duration receiveTimeout = Duration.ZERO;

    @Option(names = "--ignore-lost-data", description = "Keep going past data that could not be recovered.")
    boolean ignoreLostData;

    @Option(names = "--pipe", paramLabel = "CMD", description = "Write the data through CMD (split on spaces), e.g. 'zstd -d'.")
    String pipe;

    @Option(names = "--log", paramLabel = "FILE", description = "Append informational messages to FILE (with timestamps) instead of stderr.")
    Path log;

    @Option(names = "--stat-period", paramLabel = "SECONDS", converter = OptionConverters.Seconds.class, defaultValue = "0.5",
            description = "Progress interval.")
    Duration statPeriod = Duration.ofMillis(500);

    @Option(names = "--no-progress", description = "No progress bar or progress lines.")
    boolean noProgress;

    @Option(names = "--nokbd", description = "Do not ask the sender to start on a key press.")
    boolean nokbd;

    @Override
    public Integer call() {
        ReceiverConfig config = config();
        ConsoleListener.Progress progress = noProgress ? ConsoleListener.Progress.NONE
                : Keyboard.isTerminal(2) ? ConsoleListener.Progress.BAR : ConsoleListener.Progress.STAT_LINES;
        try (ConsoleOutput out = ConsoleOutput.forCommand(spec, log)) {
            ConsoleListener console = ConsoleListener.receiver(out, false, progress, System.err);
            return new TransferRunner("jcast receive", out, console)
                    .keyboard(!nokbd && !passive, false, false)
                    .reportSuccess(true)
                    .receive(config);
        }
    }

    /** The receiver configuration these options describe. */
    ReceiverConfig config() {
        Path path = output == null || output.equals("-") ? null : Path.of(output);
        if (path != null) {
            InputOutputChecks.requireWritable(path);
        }
        String iface = interfaceName != null ? interfaceName : System.getenv("IFNAME");
        return CommandFailure.checkConfig(() -> ReceiverConfig.builder()
                .file(path)
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
                .exitWait(exitWait)
                .startTimeout(startTimeout)
                .receiveTimeout(receiveTimeout)
                .ignoreLostData(ignoreLostData)
                .statPeriod(statPeriod)
                .build());
    }
}
