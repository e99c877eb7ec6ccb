package io.jcast.cli;

import io.jcast.nack.NackEndpoints;
import io.jcast.nack.NackSettings;
import io.jcast.client.ServerClient;
import io.jcast.client.SessionCheckIn;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.SenderConfig;
import io.jcast.transfer.TransferResult;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
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
            "  jcast receive -i eth0 --protocol jcast --key-file key --name sda1 -o /dev/sda1",
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
            description = "Give up (exit 8) if the sender falls silent this long during the transfer. Default: 60 s (--protocol jcast: 30 s).")
    Duration receiveTimeout = Duration.ZERO;

    @Option(names = "--reannounce-interval", paramLabel = "SECONDS", converter = OptionConverters.Seconds.class,
            defaultValue = "60", description = "Leave and re-join the multicast groups this often, so that switches "
                    + "snooping IGMP without a querier keep forwarding them (0: never).")
    Duration reannounceInterval = ReceiverConfig.DEFAULT_REANNOUNCE_INTERVAL;

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

    @Option(names = "--server", paramLabel = "URL", converter = OptionConverters.HttpUrl.class,
            description = "Check in with a jcast manager (jcast serve) and receive its session --session: port, "
                    + "address and files come from the manager, which sees this receiver's progress.")
    URI server;

    @Option(names = "--session", paramLabel = "NAME", description = "The manager's session to join (with --server).")
    String session;

    @Option(names = "--claim-timeout", paramLabel = "SECONDS", converter = OptionConverters.Seconds.class,
            defaultValue = "600", description = "With --server: how long to wait for a queued session to get a port.")
    Duration claimTimeout = Duration.ofMinutes(10);

    @Mixin
    JcastProtocolOptions jcastProtocol = new JcastProtocolOptions();

    @Override
    public Integer call() {
        jcastProtocol.requireJcastFor();
        if (jcastProtocol.jcast()) {
            return receiveJcast();
        }
        if ((server == null) != (session == null)) {
            throw new CommandFailure(ExitCode.USAGE, "--server and --session go together");
        }
        if (server != null) {
            return receiveSession();
        }
        ReceiverConfig config = config();
        ConsoleListener.Progress progress = ConsoleListener.Progress.of(noProgress);
        try (ConsoleOutput out = ConsoleOutput.forCommand(spec, log)) {
            ConsoleListener console = ConsoleListener.receiver(out, false, progress, System.err);
            return new TransferRunner("jcast receive", out, console)
                    .keyboard(!nokbd && !passive, false, false)
                    .reportSuccess(true)
                    .receive(config);
        }
    }

    /**
     * Joins a manager's session: one file is written to --output (or stdout); a session of several
     * files (a directory of partition images) needs --output to be a directory and writes each by name.
     */
    private int receiveSession() {
        SessionCheckIn checkIn;
        try {
            checkIn = SessionCheckIn.register(server, session, hostName(), localAddress, claimTimeout);
        } catch (ServerClient.ApiError e) {
            throw new CommandFailure(ExitCode.USAGE, "session " + session + " on " + server + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CommandFailure(ExitCode.NETWORK_ERROR, "cannot check in with " + server + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCode.INTERRUPTED.code();
        }
        List<SessionCheckIn.FileEntry> files = checkIn.files();
        Path dir = null;
        if (files.size() > 1) {
            if (output == null || output.equals("-") || !Files.isDirectory(Path.of(output))) {
                throw new CommandFailure(ExitCode.USAGE, "session " + session + " has " + files.size()
                        + " files: give --output an existing directory to write them into");
            }
            dir = Path.of(output);
        }
        ConsoleListener.Progress progress = ConsoleListener.Progress.of(noProgress);
        TransferResult last = null;
        long bytes = 0;
        try (ConsoleOutput out = ConsoleOutput.forCommand(spec, log)) {
            for (int i = 0; i < files.size(); i++) {
                checkIn.beginFile(i);
                if (dir != null) {
                    output = dir.resolve(Path.of(files.get(i).name()).getFileName()).toString();
                }
                ReceiverConfig config = CommandFailure.checkConfig(() -> checkIn.configure(builder()).build());
                ConsoleListener console = ConsoleListener.receiver(out, false, progress, System.err);
                TransferRunner runner = new TransferRunner("jcast receive", out, console)
                        .reportSuccess(true).wrapListener(checkIn::alongside);
                int code = runner.receive(config);
                last = runner.lastResult();
                bytes += last == null ? 0 : last.bytes();
                if (code != ExitCode.OK.code()) {
                    report(checkIn, ExitCode.fromCode(code), last == null ? "could not start" : last.message(),
                            bytes);
                    return code;
                }
            }
        }
        report(checkIn, ExitCode.OK, "received " + bytes + " bytes in " + files.size() + " file(s)", bytes);
        return ExitCode.OK.code();
    }

    private void report(SessionCheckIn checkIn, ExitCode code, String message, long bytes) {
        try {
            checkIn.reportResult(code, message, bytes);
        } catch (IOException e) {
            System.err.println("jcast receive: could not report the result to " + server + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostName() {
        try {
            return Files.readString(Path.of("/etc/hostname")).trim();
        } catch (IOException e) {
            return System.getenv("HOSTNAME");
        }
    }

    private int receiveJcast() {
        for (String udpcastOnly : List.of("--server", "--session", "--passive", "--rdv-address", "--exit-wait",
                "--ignore-lost-data", "--local-address")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(udpcastOnly)) {
                throw new CommandFailure(ExitCode.USAGE, udpcastOnly + " is an option of the udpcast protocol, not "
                        + "of --protocol jcast");
            }
        }
        Path path = output == null || output.equals("-") ? null : Path.of(output);
        if (path != null) {
            InputOutputChecks.requireWritable(path);
        }
        NackSettings defaults = NackSettings.defaults();
        NackSettings settings = jcastProtocol.withKey(receiveTimeout.isZero() ? defaults
                : defaults.withTimeouts(defaults.receiverTimeout(), receiveTimeout));
        String iface = interfaceName != null ? interfaceName : System.getenv("IFNAME");
        NackEndpoints.Network where = CommandFailure.checkConfig(() -> new NackEndpoints.Network(iface,
                jcastProtocol.groupOrDefault(), portBase, ttl));
        ConsoleListener.Progress progress = ConsoleListener.Progress.of(noProgress);
        try (ConsoleOutput out = ConsoleOutput.forCommand(spec, log)) {
            ConsoleListener console = ConsoleListener.receiver(out, false, progress, System.err);
            return new TransferRunner("jcast receive", out, console)
                    .reportSuccess(true)
                    .receiveJcast(listener -> NackEndpoints.openReceiver(where, settings, jcastProtocol.name, path,
                            InputOutputChecks.pipeCommand(pipe), new FileOutputStream(FileDescriptor.out), listener)
                            .startTimeout(startTimeout).reannounceEvery(reannounceInterval));
        }
    }

    /** The receiver configuration these options describe. */
    ReceiverConfig config() {
        return CommandFailure.checkConfig(() -> builder().build());
    }

    private ReceiverConfig.Builder builder() {
        Path path = output == null || output.equals("-") ? null : Path.of(output);
        if (path != null) {
            InputOutputChecks.requireWritable(path);
        }
        String iface = interfaceName != null ? interfaceName : System.getenv("IFNAME");
        return ReceiverConfig.builder()
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
                .reannounceInterval(reannounceInterval)
                .ignoreLostData(ignoreLostData)
                .statPeriod(statPeriod);
    }
}
