package io.jcast.bench.lab;

import io.jcast.fec.FecSpec;
import io.jcast.nack.NackEndpoints;
import io.jcast.nack.NackReceiver;
import io.jcast.nack.NackSender;
import io.jcast.nack.NackSettings;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.Receiver;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.ReceiverStatus;
import io.jcast.transfer.Sender;
import io.jcast.transfer.SenderConfig;
import io.jcast.transfer.StartPolicy;
import io.jcast.transfer.TransferException;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The jcast side of the lab benchmark: one sender or receiver through the public API, with only the options the
 * scenarios need, so that the benchmark does not depend on the CLI's option names. It prints one line per event the
 * runner waits for ({@code READY}, {@code DATA-START}, {@code RESULT ...}) and exits with the transfer's exit code.
 *
 * <pre>
 * send    --interface IF --port-base P --file F [--min-receivers N] [--max-bitrate BPS] [--fec SPEC]
 *         [--async --autostart N] [--hello-interval MS] [--start-timeout S] [--slice-size BLOCKS]
 *         [--send-buffer BYTES]
 * receive --interface IF --port-base P --output F [--start-timeout S] [--receive-timeout S]
 * send    --protocol jcast --interface IF --port-base P --file F [--min-receivers N] [--max-bitrate BPS]
 *         [--start-timeout S]
 * receive --protocol jcast --interface IF --port-base P --output F [--start-timeout S] [--receive-timeout S]
 * </pre>
 */
public final class TransferMain {
    private static final PrintStream OUT = System.out;

    private TransferMain() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(new ArrayDeque<>(List.of(args)));
        } catch (IllegalArgumentException e) {
            System.err.println("TransferMain: " + e.getMessage());
            code = ExitCode.USAGE.code();
        } catch (TransferException e) {
            System.err.println("TransferMain: " + e.getMessage());
            code = ExitCode.NETWORK_ERROR.code();
        }
        OUT.flush();
        System.exit(code);
    }

    private static int run(Deque<String> args) throws TransferException {
        String mode = args.poll();
        if ("send".equals(mode)) {
            return send(args);
        }
        if ("receive".equals(mode)) {
            return receive(args);
        }
        throw new IllegalArgumentException("first argument must be send or receive, got " + mode);
    }

    private static int send(Deque<String> args) throws TransferException {
        if ("--protocol".equals(args.peek())) {
            args.poll();
            requireJcast(args.poll());
            return sendJcastProtocol(args);
        }
        SenderConfig.Builder b = SenderConfig.builder();
        while (!args.isEmpty()) {
            String opt = args.poll();
            switch (opt) {
                case "--interface" -> b.interfaceName(value(opt, args));
                case "--port-base" -> b.portBase(Integer.parseInt(value(opt, args)));
                case "--file" -> b.file(Path.of(value(opt, args)));
                case "--min-receivers" -> b.minReceivers(Integer.parseInt(value(opt, args)));
                case "--max-bitrate" -> b.maxBitrateBps(Long.parseLong(value(opt, args)));
                case "--fec" -> b.fec(FecSpec.parse(value(opt, args)));
                case "--async" -> b.async(true);
                case "--autostart" -> b.autostart(Integer.parseInt(value(opt, args)));
                case "--hello-interval" -> b.helloInterval(Duration.ofMillis(Long.parseLong(value(opt, args))));
                case "--slice-size" -> b.defaultSliceSize(Integer.parseInt(value(opt, args)));
                case "--send-buffer" -> b.sendBufferBytes(Integer.parseInt(value(opt, args)));
                case "--start-timeout" -> b.startTimeout(Duration.ofSeconds(Long.parseLong(value(opt, args))));
                default -> throw new IllegalArgumentException("unknown send option " + opt);
            }
        }
        try (Sender sender = Sender.open(b.build(), new Events())) {
            OUT.println("READY");
            OUT.flush();
            TransferResult result = sender.run();
            for (ReceiverStatus r : result.receivers()) {
                OUT.println("RECEIVER " + r.address().getHostAddress() + " " + r.state() + " bytes="
                        + r.bytesAcknowledged() + " retransmitRequests=" + r.retransmitRequests()
                        + (r.reason().isEmpty() ? "" : " reason=" + r.reason()));
            }
            return report(result);
        }
    }

    private static int receive(Deque<String> args) throws TransferException {
        if ("--protocol".equals(args.peek())) {
            args.poll();
            requireJcast(args.poll());
            return receiveJcastProtocol(args);
        }
        ReceiverConfig.Builder b = ReceiverConfig.builder();
        while (!args.isEmpty()) {
            String opt = args.poll();
            switch (opt) {
                case "--interface" -> b.interfaceName(value(opt, args));
                case "--port-base" -> b.portBase(Integer.parseInt(value(opt, args)));
                case "--output" -> b.file(Path.of(value(opt, args)));
                case "--start-timeout" -> b.startTimeout(Duration.ofSeconds(Long.parseLong(value(opt, args))));
                case "--receive-timeout" -> b.receiveTimeout(Duration.ofSeconds(Long.parseLong(value(opt, args))));
                default -> throw new IllegalArgumentException("unknown receive option " + opt);
            }
        }
        try (Receiver receiver = Receiver.open(b.build(), new Events())) {
            OUT.println("READY");
            OUT.flush();
            return report(receiver.run());
        }
    }

    private static void requireJcast(String protocol) {
        if (!"jcast".equals(protocol)) {
            throw new IllegalArgumentException("--protocol must be jcast (and come first), got " + protocol);
        }
    }

    /** jcast's own protocol: the same options where they mean the same. */
    private static int sendJcastProtocol(Deque<String> args) throws TransferException {
        String iface = null;
        int port = SenderConfig.DEFAULT_PORT_BASE;
        Path file = null;
        int minReceivers = 0;
        Duration startTimeout = Duration.ZERO;
        NackSettings settings = NackSettings.defaults();
        while (!args.isEmpty()) {
            String opt = args.poll();
            switch (opt) {
                case "--interface" -> iface = value(opt, args);
                case "--port-base" -> port = Integer.parseInt(value(opt, args));
                case "--file" -> file = Path.of(value(opt, args));
                case "--min-receivers" -> minReceivers = Integer.parseInt(value(opt, args));
                case "--max-bitrate" -> settings = settings.withMaxBitrate(Long.parseLong(value(opt, args)));
                case "--start-timeout" -> startTimeout = Duration.ofSeconds(Long.parseLong(value(opt, args)));
                default -> throw new IllegalArgumentException("unknown send --protocol jcast option " + opt);
            }
        }
        settings = settings.withStartPolicy(new StartPolicy(minReceivers, Duration.ZERO, Duration.ZERO, 0,
                startTimeout, 0, false));
        NackSender sender = NackEndpoints.openSender(new NackEndpoints.Network(iface, NackEndpoints.DEFAULT_GROUP,
                port, 1), settings, file, List.of(), System.in, new Events());
        try {
            OUT.println("READY");
            OUT.flush();
            TransferResult result = sender.run();
            for (ReceiverStatus r : result.receivers()) {
                OUT.println("RECEIVER " + r.address().getHostAddress() + " " + r.state() + " bytes="
                        + r.bytesAcknowledged() + " nackedStripes=" + r.retransmitRequests()
                        + (r.reason().isEmpty() ? "" : " reason=" + r.reason()));
            }
            return report(result);
        } finally {
            sender.close();
        }
    }

    private static int receiveJcastProtocol(Deque<String> args) throws TransferException {
        String iface = null;
        int port = SenderConfig.DEFAULT_PORT_BASE;
        Path file = null;
        Duration startTimeout = Duration.ZERO;
        NackSettings settings = NackSettings.defaults();
        while (!args.isEmpty()) {
            String opt = args.poll();
            switch (opt) {
                case "--interface" -> iface = value(opt, args);
                case "--port-base" -> port = Integer.parseInt(value(opt, args));
                case "--output" -> file = Path.of(value(opt, args));
                case "--start-timeout" -> startTimeout = Duration.ofSeconds(Long.parseLong(value(opt, args)));
                case "--receive-timeout" -> settings = settings.withTimeouts(settings.receiverTimeout(),
                        Duration.ofSeconds(Long.parseLong(value(opt, args))));
                default -> throw new IllegalArgumentException("unknown receive --protocol jcast option " + opt);
            }
        }
        NackReceiver receiver = NackEndpoints.openReceiver(new NackEndpoints.Network(iface,
                NackEndpoints.DEFAULT_GROUP, port, 1), settings, null, file, List.of(), System.out, new Events())
                .startTimeout(startTimeout);
        try {
            OUT.println("READY");
            OUT.flush();
            return report(receiver.run());
        } finally {
            receiver.close();
        }
    }

    private static int report(TransferResult r) {
        OUT.println("RESULT exit=" + r.exitCode() + " code=" + r.exitCode().code() + " bytes=" + r.bytes()
                + " retransmitted=" + r.retransmittedBlocks() + " elapsedNanos=" + r.elapsedNanos()
                + " message=" + r.message());
        OUT.flush();
        return r.exitCode().code();
    }

    private static String value(String option, Deque<String> args) {
        String v = args.poll();
        if (v == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return v;
    }

    /** The runner timestamps these lines as it reads them; they are printed at the moment the engine says so. */
    private static final class Events implements TransferListener {
        @Override
        public void onTransferStarted() {
            OUT.println("DATA-START");
            OUT.flush();
        }

        @Override
        public void onMessage(String message) {
            OUT.println("MESSAGE " + message);
        }
    }
}
