package io.jcast.cli.udpcast;

import io.jcast.cli.CommandFailure;
import io.jcast.cli.ConsoleListener;
import io.jcast.cli.ConsoleOutput;
import io.jcast.cli.InputOutputChecks;
import io.jcast.cli.OptionConverters;
import io.jcast.cli.TransferRunner;
import io.jcast.cli.VersionProvider;
import io.jcast.fec.FecSpec;
import io.jcast.transfer.Duplex;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.PointToPoint;
import io.jcast.transfer.SenderConfig;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Drop-in {@code udp-sender}: every option of udpcast 20120424 with its names, short forms, argument
 * syntax and defaults, mapped onto {@link SenderConfig}. Console output follows udpcast byte for byte;
 * unlike udpcast, the exit code says whether the receivers got the data.
 */
@Command(name = "udp-sender",
        hidden = true,
        customSynopsis = "udp-sender [options] [file]",
        showDefaultValues = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {"jcast's drop-in replacement for udpcast's udp-sender (20120424): same options, same output,",
            "truthful exit codes (see 'jcast --help')."},
        footer = {"%nNot supported (exit 2): --daemon-mode, --kill, --autorate, --rate-governor,",
            "--print-uncompressed-position 1. Accepted without effect: --pid-file (udpcast uses it only with",
            "--daemon-mode or --kill)."})
public final class UdpSenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(arity = "0..*", paramLabel = "FILE", showDefaultValue = Visibility.NEVER,
            description = "Input file when --file is absent; further arguments are ignored with a warning.")
    List<String> arguments = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "file", description = "Input file or device. Default: stdin.")
    String file;

    @Option(names = {"-p", "--pipe"}, paramLabel = "command", description = "Filter the input through this command (split on spaces).")
    String pipe;

    @Option(names = {"-c", "--half-duplex"}, description = "Half duplex: adapt the slice size. Default: ask the link.")
    boolean halfDuplex;

    @Option(names = {"-d", "--full-duplex"}, description = "Full duplex: pipeline two slices. Default: ask the link.")
    boolean fullDuplex;

    @Option(names = {"-P", "--portbase", "--port"}, paramLabel = "portbase", description = "Receivers use this port, the sender the next one.")
    int portBase = SenderConfig.DEFAULT_PORT_BASE;

    @Option(names = {"-b", "--blocksize"}, paramLabel = "size", converter = UdpcastFrontEnds.CNumber.class,
            description = "Payload bytes per packet, rounded down to a multiple of 4.")
    int blockSize = SenderConfig.DEFAULT_BLOCK_SIZE;

    @Option(names = {"-i", "--interface"}, paramLabel = "ifname", description = "Interface name, IP or prefix. Default: $IFNAME, else automatic.")
    String interfaceName;

    @Option(names = "--local-address", paramLabel = "IP", converter = OptionConverters.Address.class,
            description = "jcast extension: bind this unicast address instead of the interface's.")
    InetAddress localAddress;

    @Option(names = {"-m", "--mcast-data-address", "--mcast_data_address", "--mcast-address", "--mcast_address"},
            paramLabel = "address", converter = OptionConverters.Ipv4.class,
            description = "Multicast address for the data. Default: 233.254.x.y or 233.255.x.y from the "
                    + "interface address's low 17 bits, as udp-sender 20230924 and later (20120424 took "
                    + "232+x.x.x.x). In 232/8 the receivers join for this sender only (SSM).")
    InetAddress dataAddress;

    @Option(names = {"-M", "--mcast-rdv-address", "--mcast_rdv_address", "--mcast-all-address", "--mcast_all_address"},
            paramLabel = "address", converter = OptionConverters.Ipv4.class,
            description = "Control (rendezvous) address. Default: broadcast, or 224.0.0.1 if --ttl is not 1.")
    InetAddress rdvAddress;

    @Option(names = {"-t", "--ttl"}, paramLabel = "ttl", description = "Multicast TTL.")
    int ttl = 1;

    @Option(names = {"-r", "--max-bitrate", "--max_bitrate"}, paramLabel = "bitrate", converter = OptionConverters.Bitrate.class,
            showDefaultValue = Visibility.NEVER,
            description = "Maximum bits per second (k, m, g: x1000); repeated: the lowest applies. Default: unlimited.")
    List<Long> maxBitrates = new ArrayList<>();

    @Option(names = {"-A", "--autorate"}, description = "Not supported by jcast (use --max-bitrate).")
    boolean autorate;

    @Option(names = {"-g", "--rate-governor"}, paramLabel = "module.so:key=value,...",
            description = "Not supported by jcast: it loads C modules (use --max-bitrate).")
    List<String> rateGovernors = new ArrayList<>();

    @Option(names = {"-1", "--pointopoint", "--point-to-point", "--point_to_point"},
            description = "Always unicast to the single receiver.")
    boolean pointToPoint;

    @Option(names = {"-2", "--nopointopoint", "--nopoint-to-point", "--nopoint_to_point"},
            description = "Never unicast, even with a single receiver.")
    boolean noPointToPoint;

    @Option(names = {"-a", "--async"}, description = "No return channel (use with --fec and --max-bitrate).")
    boolean async;

    @Option(names = {"-B", "--broadcast"}, description = "Send data to the broadcast address.")
    boolean broadcast;

    @Option(names = {"-F", "--fec"}, paramLabel = "[stripes x]redundancy[/stripesize]", converter = OptionConverters.Fec.class,
            showDefaultValue = Visibility.NEVER,
            description = "Forward error correction, e.g. 8x8/64 (stripes default 8, stripesize 128). Default: off.")
    FecSpec fec;

    @Option(names = {"-Z", "--streaming"}, description = "Let receivers join during the transfer (with --async).")
    boolean streaming;

    @Option(names = {"-Y", "--rehello-offset"}, paramLabel = "blocks", description = "Streaming: blocks before a slice's end to repeat HELLO.")
    int rehelloOffset = 50;

    @Option(names = {"-l", "--log"}, paramLabel = "file", description = "Append informational messages to this file.")
    Path log;

    @Option(names = "--no-progress", description = "No progress lines.")
    boolean noProgress;

    @Option(names = {"-I", "--bw-period"}, paramLabel = "seconds", description = "Log the bandwidth to the --log file every n seconds (0: off).")
    int bwPeriod;

    @Option(names = {"-x", "--print-uncompressed-position"}, paramLabel = "0|1", showDefaultValue = Visibility.NEVER,
            description = "jcast never prints the position field: 0 (and udpcast's automatic -1) are accepted, 1 is refused.")
    int printPosition = -1;

    @Option(names = {"-z", "--stat-period", "--statistics-period"}, paramLabel = "milliseconds", description = "Progress line interval.")
    int statPeriodMillis = 500;

    @Option(names = "--min-slice-size", paramLabel = "blocks", description = "Lower clamp for the slice size.")
    int minSliceSize = 16;

    @Option(names = {"--default-slice-size", "--slice-size"}, paramLabel = "blocks", description = "Initial slice size (0: automatic).")
    int defaultSliceSize;

    @Option(names = "--max-slice-size", paramLabel = "blocks", description = "Upper clamp for the slice size.")
    int maxSliceSize = SenderConfig.MAX_SLICE_BLOCKS;

    @Option(names = {"-H", "--rexmit-hello-interval"}, paramLabel = "milliseconds",
            description = "Repeat HELLO this often while waiting (0: off; 1000 with --autostart or --async).")
    int helloIntervalMillis;

    @Option(names = {"-S", "--autostart"}, paramLabel = "n", description = "Start after n HELLO repetitions (0: off).")
    int autostart;

    @Option(names = {"-C", "--min-receivers", "--min-clients"}, paramLabel = "n", description = "Start once n receivers joined.")
    int minReceivers;

    @Option(names = {"-w", "--min-wait"}, paramLabel = "seconds", description = "With --min-receivers: wait at least this long after the first one.")
    int minWait;

    @Option(names = {"-W", "--max-wait"}, paramLabel = "seconds", description = "Start this long after the first receiver joined.")
    int maxWait;

    @Option(names = {"-k", "--nokbd"}, description = "No key press start and no prompt.")
    boolean nokbd;

    @Option(names = {"-T", "--start-timeout"}, paramLabel = "seconds",
            description = "Give up when the transfer has not started this long after the last receiver activity (0: never).")
    int startTimeout;

    @Option(names = {"-R", "--retries-until-drop", "--retriesUntilDrop"}, paramLabel = "n",
            description = "Drop a receiver after n unanswered acknowledgement requests.")
    int retriesUntilDrop = 200;

    @Option(names = {"-s", "--sendbuf"}, paramLabel = "size", converter = OptionConverters.BufferSize.class,
            showDefaultValue = Visibility.NEVER, description = "Socket send buffer; k, m: x1024. Default: the system's.")
    int sendBuffer;

    @Option(names = {"-D", "--daemon-mode"}, description = "Not supported by jcast: run udp-sender in a loop or a service manager.")
    boolean[] daemonMode = new boolean[0];

    @Option(names = "--pid-file", paramLabel = "file", description = "Accepted; without --daemon-mode or --kill it has no effect, as in udpcast.")
    Path pidFile;

    @Option(names = {"-K", "--kill"}, description = "Not supported by jcast (there is no daemon mode to stop).")
    boolean kill;

    @Option(names = {"-L", "--license"}, description = "Print licence information and exit.")
    boolean license;

    @Override
    public Integer call() {
        if (license) {
            spec.commandLine().getOut().println(UdpcastFrontEnds.license("udp-sender"));
            spec.commandLine().getOut().flush();
            return ExitCode.OK.code();
        }
        SenderConfig config = config();
        try (ConsoleOutput out = ConsoleOutput.forCommand(spec, log)) {
            if (fec != null) {
                out.stderr("stripes=" + fec.stripes() + " redund=" + fec.redundancy() + " stripesize=" + fec.stripeSize());
            }
            for (String extra : arguments.subList(file == null && !arguments.isEmpty() ? 1 : 0, arguments.size())) {
                out.stderr("Extra argument \"" + extra + "\" ignored");
            }
            out.stderr("Udp-sender 20120424 (jcast " + VersionProvider.version() + ")");
            ConsoleListener console = ConsoleListener.sender(out, true,
                    noProgress ? ConsoleListener.Progress.NONE : ConsoleListener.Progress.STAT_LINES,
                    config.blockSize(), Duration.ofSeconds(bwPeriod), System.err);
            return new TransferRunner("udp-sender", out, console)
                    .keyboard(!nokbd, config.file() == null, async)
                    .trailer("\n")
                    .send(config);
        }
    }

    /** The sender configuration; udpcast's fatal option errors become usage errors (exit 2). */
    SenderConfig config() {
        UdpcastFrontEnds.refuse(daemonMode.length > 0, "--daemon-mode is not supported by jcast; run udp-sender in a loop or under a service manager");
        UdpcastFrontEnds.refuse(kill, "--kill is not supported by jcast (there is no daemon mode)");
        UdpcastFrontEnds.refuse(autorate, "--autorate is not supported by jcast; use --max-bitrate");
        UdpcastFrontEnds.refuse(!rateGovernors.isEmpty(), "--rate-governor is not supported by jcast (it loads C modules); use --max-bitrate");
        UdpcastFrontEnds.refuse(printPosition > 0, "--print-uncompressed-position 1 is not supported by jcast");
        UdpcastFrontEnds.refuse(pointToPoint && noPointToPoint, "pointopoint and nopointopoint cannot be set both");
        UdpcastFrontEnds.refuse(fullDuplex && halfDuplex, "full-duplex and half-duplex cannot be set both");
        UdpcastFrontEnds.refuse(blockSize <= 0, "block size too small");
        UdpcastFrontEnds.refuse(minSliceSize > SenderConfig.MAX_SLICE_BLOCKS || maxSliceSize > SenderConfig.MAX_SLICE_BLOCKS,
                "min/max slice size too big");
        UdpcastFrontEnds.refuse(statPeriodMillis < 0 || bwPeriod < 0 || helloIntervalMillis < 0
                || minWait < 0 || maxWait < 0 || startTimeout < 0, "times must not be negative");
        // udpcast's parse-time clamping of the slice sizes
        int min = Math.max(1, minSliceSize);
        int max = Math.max(min, maxSliceSize);
        int dflt = defaultSliceSize == 0 ? 0 : Math.min(max, Math.max(min, defaultSliceSize));

        String input = file != null ? file : arguments.isEmpty() ? null : arguments.get(0);
        Path path = input == null ? null : Path.of(input);
        if (path != null && !Files.isReadable(path) || path != null && Files.isDirectory(path)) {
            throw new CommandFailure(ExitCode.IO_ERROR, "Could not open file " + input + ": "
                    + (Files.exists(path) ? Files.isDirectory(path) ? "Is a directory" : "Permission denied"
                    : "No such file or directory"));
        }
        String iface = interfaceName != null ? interfaceName : System.getenv("IFNAME");
        long bitrate = maxBitrates.stream().mapToLong(Long::longValue).min().orElse(0);
        return CommandFailure.checkConfig(() -> SenderConfig.builder()
                .file(path)
                .input(System.in)
                .pipe(InputOutputChecks.pipeCommand(pipe))
                .interfaceName(iface)
                .localAddress(localAddress)
                .portBase(portBase)
                .blockSize(blockSize)
                .dataAddress(dataAddress)
                .rendezvousAddress(rdvAddress)
                .ttl(ttl)
                .maxBitrateBps(bitrate)
                .duplex(fullDuplex ? Duplex.FULL : halfDuplex ? Duplex.HALF : Duplex.AUTO)
                .pointToPoint(pointToPoint ? PointToPoint.ALWAYS : noPointToPoint ? PointToPoint.NEVER : PointToPoint.AUTO)
                .async(async)
                .broadcast(broadcast)
                .streaming(streaming)
                .fec(fec)
                .minReceivers(minReceivers)
                .minWait(Duration.ofSeconds(minWait))
                .maxWait(Duration.ofSeconds(maxWait))
                .startTimeout(Duration.ofSeconds(startTimeout))
                .autostart(autostart)
                .helloInterval(Duration.ofMillis(helloIntervalMillis))
                .retriesUntilDrop(retriesUntilDrop)
                .minSliceSize(min)
                .maxSliceSize(max)
                .defaultSliceSize(dflt)
                .rehelloOffset(rehelloOffset)
                .sendBufferBytes(sendBuffer)
                .statPeriod(Duration.ofMillis(statPeriodMillis))
                .build());
    }
}
