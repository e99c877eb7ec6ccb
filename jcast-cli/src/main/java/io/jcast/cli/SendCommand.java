package io.jcast.cli;

import io.jcast.fec.FecSpec;
import io.jcast.nack.NackEndpoints;
import io.jcast.nack.NackSender;
import io.jcast.nack.NackSettings;
import io.jcast.transfer.Duplex;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.PointToPoint;
import io.jcast.transfer.SenderConfig;
import io.jcast.transfer.StartPolicy;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jcast send}: multicast a file or stdin to every receiver on the LAN (UDPcast protocol). */
@Command(name = "send",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        sortOptions = false,
        description = {"Send a file, a block device or stdin to jcast or udpcast receivers (UDPcast 20120424 protocol).",
            "The transfer starts on a key press, a receiver's request, or the --min-receivers/--max-wait/--autostart rules."},
        footer = {"%nExamples:",
            "  jcast send -i eth0 --min-receivers 3 --max-wait 600 disk.img",
            "  jcast send -i eth0 --protocol jcast --key-file key --name sda1 --carousel sda1.img",
            "  zstd -c disk.img | jcast send -i eth0 --fec 8x8/64 --max-bitrate 500m --autostart 5 --async"})
public final class SendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", showDefaultValue = Visibility.NEVER,
            description = "File or block device to send; '-' or absent reads stdin.")
    String positionalFile;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Same as the FILE argument.")
    String file;

    @Option(names = {"-i", "--interface"}, paramLabel = "IF",
            description = "Interface name, IP address or name prefix; absent: $IFNAME, else the first multicast interface.")
    String interfaceName;

    @Option(names = "--local-address", paramLabel = "IP", converter = OptionConverters.Address.class,
            description = "Bind this unicast address instead of the interface's primary address.")
    InetAddress localAddress;

    @Option(names = "--port-base", paramLabel = "PORT", description = "Receivers use PORT, the sender PORT+1.")
    int portBase = SenderConfig.DEFAULT_PORT_BASE;

    @Option(names = "--min-receivers", paramLabel = "N", description = "Start once N receivers joined (0: not a criterion).")
    int minReceivers;

    @Option(names = "--min-wait", paramLabel = "SECONDS", converter = OptionConverters.Seconds.class, defaultValue = "0",
            description = "With --min-receivers: wait at least this long after the first receiver joined.")
    Duration minWait = Duration.ZERO;

    @Option(names = "--max-wait", paramLabel = "SECONDS", converter = OptionConverters.Seconds.class, defaultValue = "0",
            description = "Start this long after the first receiver joined, whoever is there (0: off).")
    Duration maxWait = Duration.ZERO;

    @Option(names = "--start-timeout", paramLabel = "SECONDS", converter = OptionConverters.Seconds.class, defaultValue = "0",
            description = "Give up (exit 5) if the transfer has not started after this long without receiver activity (0: wait forever).")
    Duration startTimeout = Duration.ZERO;

    @Option(names = "--autostart", paramLabel = "N", description = "Start after N HELLO repetitions, even with no receiver (0: off).")
    int autostart;

    @Option(names = "--hello-interval", paramLabel = "SECONDS", converter = OptionConverters.Seconds.class, defaultValue = "0",
            description = "Repeat HELLO at this interval while waiting (0: udpcast's default, 1 s with --async/--autostart).")
    Duration helloInterval = Duration.ZERO;

    @Option(names = "--max-bitrate", paramLabel = "RATE", converter = OptionConverters.Bitrate.class,
            showDefaultValue = Visibility.NEVER,
            description = "Cap the rate in bits per second, IP+UDP headers included; suffixes k, m, g (x1000). Default: unlimited.")
    long maxBitrate;

    @Option(names = "--fec", paramLabel = "SxR/Z", converter = OptionConverters.Fec.class, showDefaultValue = Visibility.NEVER,
            description = "Forward error correction: S stripes, R redundant blocks per stripe, Z blocks per stripe (e.g. 8x8/64). Default: off.")
    FecSpec fec;

    @Option(names = "--async", description = "No return channel: receivers only listen (use --fec and --max-bitrate).")
    boolean async;

    @Option(names = "--broadcast", description = "Send data to the broadcast address instead of a multicast group.")
    boolean broadcast;

    @Option(names = "--duplex", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (ask the link), full (pipeline two slices) or half (adapt the slice size).")
    Duplex duplex;

    @Option(names = "--unicast", paramLabel = "MODE", defaultValue = "auto",
            description = "Point-to-point data: auto (unicast to a single receiver), always, never.")
    PointToPoint unicast;

    @Option(names = "--data-address", paramLabel = "IP", converter = OptionConverters.Ipv4.class,
            description = "Multicast group for the data. Default: 233.254.x.y or 233.255.x.y from the interface "
                    + "address, as udp-sender 20230924 does. In 232/8 the receivers join for this sender only (SSM).")
    InetAddress dataAddress;

    @Option(names = "--rdv-address", paramLabel = "IP", converter = OptionConverters.Ipv4.class,
            description = "Control (rendezvous) address. Default: the broadcast address, or 224.0.0.1 when --ttl is not 1.")
    InetAddress rdvAddress;

    @Option(names = "--ttl", paramLabel = "N", description = "Multicast TTL; other than 1 also moves the rendezvous to multicast.")
    int ttl = 1;

    @Option(names = "--block-size", paramLabel = "BYTES", description = "Payload bytes per datagram (rounded down to a multiple of 4).")
    int blockSize = SenderConfig.DEFAULT_BLOCK_SIZE;

    @Option(names = "--retries-until-drop", paramLabel = "N", description = "Drop a receiver after N unanswered acknowledgement requests.")
    int retriesUntilDrop = 200;

    @Option(names = "--streaming", description = "Repeat HELLO during the transfer so that receivers can join late (with --async).")
    boolean streaming;

    @Option(names = "--pipe", paramLabel = "CMD", description = "Filter the input through CMD (split on spaces), e.g. 'zstd -c'.")
    String pipe;

    @Option(names = "--log", paramLabel = "FILE", description = "Append informational messages to FILE (with timestamps) instead of stderr.")
    Path log;

    @Option(names = "--stat-period", paramLabel = "SECONDS", converter = OptionConverters.Seconds.class, defaultValue = "0.5",
            description = "Progress interval.")
    Duration statPeriod = Duration.ofMillis(500);

    @Option(names = "--bw-period", paramLabel = "SECONDS", converter = OptionConverters.Seconds.class, defaultValue = "0",
            description = "Log the instantaneous bandwidth to the --log file about this often (0: off).")
    Duration bwPeriod = Duration.ZERO;

    @Option(names = "--no-progress", description = "No progress bar or progress lines.")
    boolean noProgress;

    @Option(names = "--nokbd", description = "Do not start on a key press (no keyboard, no prompt).")
    boolean nokbd;

    @Mixin
    JcastProtocolOptions jcastProtocol = new JcastProtocolOptions();

    @Option(names = "--carousel",
            description = "jcast protocol: repeat the data in laps so that receivers that come later (or reboot) "
                    + "finish too, until --expected-receivers completed, --carousel-for passed, or Ctrl-C. A file "
                    + "only, not stdin.")
    boolean carousel;

    @Option(names = "--carousel-for", paramLabel = "SECONDS", converter = OptionConverters.Seconds.class,
            showDefaultValue = Visibility.NEVER,
            description = "With --carousel: start no lap after SECONDS. Default: no limit.")
    Duration carouselFor;

    @Option(names = "--expected-receivers", paramLabel = "N", showDefaultValue = Visibility.NEVER,
            description = "jcast protocol, with --carousel: end once N receivers reported a verified copy.")
    Integer expectedReceivers;

    @Option(names = "--stripe-blocks", paramLabel = "N", showDefaultValue = Visibility.NEVER,
            description = "jcast protocol: data blocks per stripe, the unit of Reed-Solomon repair (1..128). "
                    + "Default: 64.")
    Integer stripeBlocks;

    @Option(names = "--proactive-parity", paramLabel = "N", showDefaultValue = Visibility.NEVER,
            description = "jcast protocol: parity blocks sent with every stripe before anyone asks, for lossy "
                    + "networks (0..128). Default: 0, repair on NACK only.")
    Integer proactiveParity;

    @Override
    public Integer call() {
        if (carouselFor != null && !carousel) {
            throw new CommandFailure(ExitCode.USAGE, "--carousel-for needs --carousel");
        }
        jcastProtocol.requireJcastFor(carousel ? "--carousel" : null,
                expectedReceivers != null ? "--expected-receivers" : null,
                stripeBlocks != null ? "--stripe-blocks" : null, proactiveParity != null ? "--proactive-parity" : null);
        if (jcastProtocol.jcast()) {
            return sendJcast();
        }
        SenderConfig config = config();
        PrintStream stderr = System.err;
        ConsoleListener.Progress progress = ConsoleListener.Progress.of(noProgress);
        try (ConsoleOutput out = ConsoleOutput.forCommand(spec, log)) {
            ConsoleListener console = ConsoleListener.sender(out, false, progress, config.blockSize(), bwPeriod, stderr);
            return new TransferRunner("jcast send", out, console)
                    .keyboard(!nokbd, config.file() == null, async)
                    .reportSuccess(true)
                    .send(config);
        }
    }

    private int sendJcast() {
        NackSettings settings = jcastSettings();
        NackEndpoints.Network where = jcastNetwork();
        Path path = inputPath();
        if (carousel && path == null) {
            // Refused before stdin is touched: whatever was read from it would be lost to the caller.
            throw new CommandFailure(ExitCode.USAGE, "a carousel needs a file to send (a pipe cannot be read again)");
        }
        ConsoleListener.Progress progress = ConsoleListener.Progress.of(noProgress);
        try (ConsoleOutput out = ConsoleOutput.forCommand(spec, log)) {
            ConsoleListener console = ConsoleListener.sender(out, false, progress, settings.blockSize(), bwPeriod,
                    System.err);
            return new TransferRunner("jcast send", out, console)
                    .keyboard(!nokbd && settings.startPolicy() != null, path == null, false)
                    .reportSuccess(true)
                    .sendJcast(listener -> {
                        NackSender sender = NackEndpoints.openSender(where, settings, path,
                                InputOutputChecks.pipeCommand(pipe), System.in, listener);
                        if (expectedReceivers != null) {
                            sender.expectReceivers(expectedReceivers);
                        }
                        return sender;
                    });
        }
    }

    /** The jcast-protocol settings these options describe; udpcast-only options are refused. */
    NackSettings jcastSettings() {
        for (String udpcastOnly : List.of("--fec", "--async", "--broadcast", "--streaming", "--autostart",
                "--rdv-address", "--retries-until-drop", "--hello-interval")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(udpcastOnly)) {
                throw new CommandFailure(ExitCode.USAGE, udpcastOnly + " is an option of the udpcast protocol, not "
                        + "of --protocol jcast");
            }
        }
        boolean barrier = minReceivers > 0 || !maxWait.isZero() || !startTimeout.isZero();
        NackSettings defaults = NackSettings.defaults();
        int block = spec.commandLine().getParseResult().hasMatchedOption("--block-size") ? blockSize
                : NackSettings.DEFAULT_BLOCK_SIZE;
        return CommandFailure.checkConfig(() -> jcastProtocol.withKey(defaults
                .withBlocks(block, stripeBlocks != null ? stripeBlocks : defaults.stripeBlocks())
                .withProactiveRows(proactiveParity != null ? proactiveParity : 0)
                .withMaxBitrate(maxBitrate)
                .withName(jcastProtocol.name != null ? jcastProtocol.name : "")
                .withCarousel(carousel, carouselFor != null ? carouselFor : Duration.ZERO)
                .withStartPolicy(barrier ? new StartPolicy(minReceivers, minWait, maxWait, 0, startTimeout, 0,
                        false) : null)));
    }

    private NackEndpoints.Network jcastNetwork() {
        String iface = interfaceName != null ? interfaceName : System.getenv("IFNAME");
        return CommandFailure.checkConfig(() -> new NackEndpoints.Network(iface, jcastProtocol.groupOrDefault(),
                portBase, ttl));
    }

    private Path inputPath() {
        if (file != null && positionalFile != null && !file.equals(positionalFile)) {
            throw new CommandFailure(ExitCode.USAGE, "give the input either as FILE or with --file, not both");
        }
        String input = file != null ? file : positionalFile;
        Path path = input == null || input.equals("-") ? null : Path.of(input);
        if (path != null) {
            InputOutputChecks.requireReadable(path);
        }
        return path;
    }

    /** The sender configuration these options describe; bad combinations throw {@link CommandFailure}. */
    SenderConfig config() {
        Path path = inputPath();
        String iface = interfaceName != null ? interfaceName : System.getenv("IFNAME");
        return CommandFailure.checkConfig(() -> SenderConfig.builder()
                .file(path)
                .input(System.in)
                .pipe(InputOutputChecks.pipeCommand(pipe))
                .interfaceName(iface)
                .localAddress(localAddress)
                .portBase(portBase)
                .minReceivers(minReceivers)
                .minWait(minWait)
                .maxWait(maxWait)
                .startTimeout(startTimeout)
                .autostart(autostart)
                .helloInterval(helloInterval)
                .maxBitrateBps(maxBitrate)
                .fec(fec)
                .async(async)
                .broadcast(broadcast)
                .duplex(duplex)
                .pointToPoint(unicast)
                .dataAddress(dataAddress)
                .rendezvousAddress(rdvAddress)
                .ttl(ttl)
                .blockSize(blockSize)
                .retriesUntilDrop(retriesUntilDrop)
                .streaming(streaming)
                .statPeriod(statPeriod)
                .build());
    }
}
