package io.jcast.cli.udpcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.cli.CliRun;
import io.jcast.cli.CommandFailure;
import io.jcast.fec.FecSpec;
import io.jcast.transfer.Duplex;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.PointToPoint;
import io.jcast.transfer.SenderConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every udp-sender option of udpcast 20120424 (reference §8.1), parsed and mapped onto {@link SenderConfig}. */
class UdpSenderOptionsTest {
    @TempDir
    static Path dir;
    static String image;

    @BeforeAll
    static void image() throws IOException {
        image = Files.write(dir.resolve("d1p1.img"), new byte[] {1, 2, 3}).toString();
    }

    static SenderConfig config(String... options) {
        String[] args = Stream.concat(Stream.of("udp-sender"), Stream.of(options)).toArray(String[]::new);
        UdpSenderCommand cmd = CliRun.parse(args);
        return cmd.config();
    }

    static SenderConfig withFile(String... options) {
        return config(Stream.concat(Stream.of(options), Stream.of("--file", image)).toArray(String[]::new));
    }

    @Test
    void fogCommandLineParsesUnchanged() {
        SenderConfig c = config("--max-bitrate", "500m", "--interface", "jcnet0", "--min-receivers", "3", "--max-wait",
                "600", "--portbase", "63100", "--full-duplex", "--ttl", "32", "--nokbd", "--nopointopoint", "--file", image);
        assertEquals(500_000_000L, c.maxBitrateBps());
        assertEquals("jcnet0", c.interfaceName());
        assertEquals(3, c.minReceivers());
        assertEquals(Duration.ofSeconds(600), c.maxWait());
        assertEquals(63100, c.portBase());
        assertEquals(Duplex.FULL, c.duplex());
        assertEquals(32, c.ttl());
        assertEquals(PointToPoint.NEVER, c.pointToPoint());
        assertEquals(Path.of(image), c.file());
    }

    @Test
    void defaultsAreUdpcasts() {
        SenderConfig c = config();
        assertNull(c.file());
        assertEquals(9000, c.portBase());
        assertEquals(1456, c.blockSize());
        assertEquals(1, c.ttl());
        assertEquals(0, c.maxBitrateBps());
        assertEquals(Duplex.AUTO, c.duplex());
        assertEquals(PointToPoint.AUTO, c.pointToPoint());
        assertEquals(200, c.retriesUntilDrop());
        assertEquals(16, c.minSliceSize());
        assertEquals(1024, c.maxSliceSize());
        assertEquals(0, c.defaultSliceSize());
        assertEquals(50, c.rehelloOffset());
        assertEquals(Duration.ofMillis(500), c.statPeriod());
        assertEquals(Duration.ZERO, c.helloInterval());
        assertEquals(0, c.autostart());
        assertNull(c.fec());
        assertTrue(c.pipe().isEmpty());
    }

    static Stream<Arguments> everyOption() throws Exception {
        InetAddress m = InetAddress.getByName("239.1.2.3");
        InetAddress rdv = InetAddress.getByName("10.0.0.1");
        return Stream.of(
                // input and pipe
                Arguments.of(List.of("-p", "gzip -c"), (Check) c -> assertEquals(List.of("gzip", "-c"), c.pipe())),
                Arguments.of(List.of("--pipe", "lzop  -c"), (Check) c -> assertEquals(List.of("lzop", "-c"), c.pipe())),
                // duplex, ports, blocks, interface, addresses
                Arguments.of(List.of("-c"), (Check) c -> assertEquals(Duplex.HALF, c.duplex())),
                Arguments.of(List.of("--half-duplex"), (Check) c -> assertEquals(Duplex.HALF, c.duplex())),
                Arguments.of(List.of("-d"), (Check) c -> assertEquals(Duplex.FULL, c.duplex())),
                Arguments.of(List.of("--full-duplex"), (Check) c -> assertEquals(Duplex.FULL, c.duplex())),
                Arguments.of(List.of("-P", "9100"), (Check) c -> assertEquals(9100, c.portBase())),
                Arguments.of(List.of("--port", "9102"), (Check) c -> assertEquals(9102, c.portBase())),
                Arguments.of(List.of("--portbase=9104"), (Check) c -> assertEquals(9104, c.portBase())),
                Arguments.of(List.of("-b", "1024"), (Check) c -> assertEquals(1024, c.blockSize())),
                Arguments.of(List.of("--blocksize", "1001"), (Check) c -> assertEquals(1000, c.blockSize())),
                Arguments.of(List.of("--blocksize", "0x400"), (Check) c -> assertEquals(1024, c.blockSize())),
                Arguments.of(List.of("-i", "eth1"), (Check) c -> assertEquals("eth1", c.interfaceName())),
                Arguments.of(List.of("--interface", "10.0.0.1"), (Check) c -> assertEquals("10.0.0.1", c.interfaceName())),
                Arguments.of(List.of("-m", "239.1.2.3"), (Check) c -> assertEquals(m, c.dataAddress())),
                Arguments.of(List.of("--mcast-data-address", "239.1.2.3"), (Check) c -> assertEquals(m, c.dataAddress())),
                Arguments.of(List.of("--mcast_data_address", "239.1.2.3"), (Check) c -> assertEquals(m, c.dataAddress())),
                Arguments.of(List.of("--mcast-address", "239.1.2.3"), (Check) c -> assertEquals(m, c.dataAddress())),
                Arguments.of(List.of("--mcast_address", "239.1.2.3"), (Check) c -> assertEquals(m, c.dataAddress())),
                Arguments.of(List.of("-M", "10.0.0.1"), (Check) c -> assertEquals(rdv, c.rendezvousAddress())),
                Arguments.of(List.of("--mcast-rdv-address", "10.0.0.1"), (Check) c -> assertEquals(rdv, c.rendezvousAddress())),
                Arguments.of(List.of("--mcast_rdv_address", "10.0.0.1"), (Check) c -> assertEquals(rdv, c.rendezvousAddress())),
                Arguments.of(List.of("--mcast-all-address", "10.0.0.1"), (Check) c -> assertEquals(rdv, c.rendezvousAddress())),
                Arguments.of(List.of("--mcast_all_address", "10.0.0.1"), (Check) c -> assertEquals(rdv, c.rendezvousAddress())),
                Arguments.of(List.of("-t", "4"), (Check) c -> assertEquals(4, c.ttl())),
                Arguments.of(List.of("--ttl", "32"), (Check) c -> assertEquals(32, c.ttl())),
                // rate control
                Arguments.of(List.of("-r", "800k"), (Check) c -> assertEquals(800_000, c.maxBitrateBps())),
                Arguments.of(List.of("--max-bitrate", "90M"), (Check) c -> assertEquals(90_000_000, c.maxBitrateBps())),
                Arguments.of(List.of("--max_bitrate", "1g"), (Check) c -> assertEquals(1_000_000_000, c.maxBitrateBps())),
                Arguments.of(List.of("--max-bitrate", "3000m"), (Check) c -> assertEquals(3_000_000_000L, c.maxBitrateBps())),
                Arguments.of(List.of("-r", "5m", "-r", "2m"), (Check) c -> assertEquals(2_000_000, c.maxBitrateBps())),
                // transfer modes
                Arguments.of(List.of("-1"), (Check) c -> assertEquals(PointToPoint.ALWAYS, c.pointToPoint())),
                Arguments.of(List.of("--pointopoint"), (Check) c -> assertEquals(PointToPoint.ALWAYS, c.pointToPoint())),
                Arguments.of(List.of("--point-to-point"), (Check) c -> assertEquals(PointToPoint.ALWAYS, c.pointToPoint())),
                Arguments.of(List.of("--point_to_point"), (Check) c -> assertEquals(PointToPoint.ALWAYS, c.pointToPoint())),
                Arguments.of(List.of("-2"), (Check) c -> assertEquals(PointToPoint.NEVER, c.pointToPoint())),
                Arguments.of(List.of("--nopointopoint"), (Check) c -> assertEquals(PointToPoint.NEVER, c.pointToPoint())),
                Arguments.of(List.of("--nopoint-to-point"), (Check) c -> assertEquals(PointToPoint.NEVER, c.pointToPoint())),
                Arguments.of(List.of("--nopoint_to_point"), (Check) c -> assertEquals(PointToPoint.NEVER, c.pointToPoint())),
                Arguments.of(List.of("-a"), (Check) c -> assertTrue(c.async())),
                Arguments.of(List.of("--async"), (Check) c -> assertTrue(c.async())),
                Arguments.of(List.of("-B"), (Check) c -> assertTrue(c.broadcast())),
                Arguments.of(List.of("--broadcast"), (Check) c -> assertTrue(c.broadcast())),
                Arguments.of(List.of("-F", "8x8/64"), (Check) c -> assertEquals(new FecSpec(8, 8, 64), c.fec())),
                Arguments.of(List.of("--fec", "4"), (Check) c -> assertEquals(new FecSpec(8, 4, 128), c.fec())),
                Arguments.of(List.of("--fec=2x2/4"), (Check) c -> assertEquals(new FecSpec(2, 2, 4), c.fec())),
                Arguments.of(List.of("-Z"), (Check) c -> assertTrue(c.streaming())),
                Arguments.of(List.of("--streaming"), (Check) c -> assertTrue(c.streaming())),
                Arguments.of(List.of("-Y", "10"), (Check) c -> assertEquals(10, c.rehelloOffset())),
                Arguments.of(List.of("--rehello-offset", "12"), (Check) c -> assertEquals(12, c.rehelloOffset())),
                Arguments.of(List.of("--rehello-offset=14"), (Check) c -> assertEquals(14, c.rehelloOffset())),
                // statistics
                Arguments.of(List.of("-z", "1000"), (Check) c -> assertEquals(Duration.ofSeconds(1), c.statPeriod())),
                Arguments.of(List.of("--stat-period", "250"), (Check) c -> assertEquals(Duration.ofMillis(250), c.statPeriod())),
                Arguments.of(List.of("--statistics-period", "100"), (Check) c -> assertEquals(Duration.ofMillis(100), c.statPeriod())),
                // slice tuning
                Arguments.of(List.of("--min-slice-size", "32"), (Check) c -> assertEquals(32, c.minSliceSize())),
                Arguments.of(List.of("--min-slice-size", "0"), (Check) c -> assertEquals(1, c.minSliceSize())),
                Arguments.of(List.of("--max-slice-size", "256"), (Check) c -> assertEquals(256, c.maxSliceSize())),
                Arguments.of(List.of("--min-slice-size", "64", "--max-slice-size", "8"),
                        (Check) c -> assertEquals(64, c.maxSliceSize())),
                Arguments.of(List.of("--slice-size", "130"), (Check) c -> assertEquals(130, c.defaultSliceSize())),
                Arguments.of(List.of("--default-slice-size", "2000", "--max-slice-size", "512"),
                        (Check) c -> assertEquals(512, c.defaultSliceSize())),
                Arguments.of(List.of("--default-slice-size", "4"), (Check) c -> assertEquals(16, c.defaultSliceSize())),
                // start control
                Arguments.of(List.of("-H", "200"), (Check) c -> assertEquals(Duration.ofMillis(200), c.helloInterval())),
                Arguments.of(List.of("--rexmit-hello-interval", "1500"), (Check) c -> assertEquals(Duration.ofMillis(1500), c.helloInterval())),
                Arguments.of(List.of("-S", "3"), (Check) c -> assertEquals(3, c.autostart())),
                Arguments.of(List.of("--autostart", "5"), (Check) c -> assertEquals(5, c.autostart())),
                Arguments.of(List.of("-C", "2"), (Check) c -> assertEquals(2, c.minReceivers())),
                Arguments.of(List.of("--min-receivers", "3"), (Check) c -> assertEquals(3, c.minReceivers())),
                Arguments.of(List.of("--min-clients", "4"), (Check) c -> assertEquals(4, c.minReceivers())),
                Arguments.of(List.of("-w", "7"), (Check) c -> assertEquals(Duration.ofSeconds(7), c.minWait())),
                Arguments.of(List.of("--min-wait", "8"), (Check) c -> assertEquals(Duration.ofSeconds(8), c.minWait())),
                Arguments.of(List.of("-W", "9"), (Check) c -> assertEquals(Duration.ofSeconds(9), c.maxWait())),
                Arguments.of(List.of("--max-wait", "600"), (Check) c -> assertEquals(Duration.ofSeconds(600), c.maxWait())),
                Arguments.of(List.of("-T", "11"), (Check) c -> assertEquals(Duration.ofSeconds(11), c.startTimeout())),
                Arguments.of(List.of("--start-timeout", "12"), (Check) c -> assertEquals(Duration.ofSeconds(12), c.startTimeout())),
                Arguments.of(List.of("-R", "5"), (Check) c -> assertEquals(5, c.retriesUntilDrop())),
                Arguments.of(List.of("--retries-until-drop", "6"), (Check) c -> assertEquals(6, c.retriesUntilDrop())),
                Arguments.of(List.of("--retriesUntilDrop", "7"), (Check) c -> assertEquals(7, c.retriesUntilDrop())),
                // buffers
                Arguments.of(List.of("-s", "512k"), (Check) c -> assertEquals(512 * 1024, c.sendBufferBytes())),
                Arguments.of(List.of("--sendbuf", "2m"), (Check) c -> assertEquals(2 * 1024 * 1024, c.sendBufferBytes())),
                Arguments.of(List.of("--sendbuf", "65536"), (Check) c -> assertEquals(65536, c.sendBufferBytes())),
                // jcast extension
                Arguments.of(List.of("--local-address", "127.0.0.2"),
                        (Check) c -> assertEquals("127.0.0.2", c.localAddress().getHostAddress())));
    }

    interface Check {
        void accept(SenderConfig config) throws Exception;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOption")
    void optionMapsOntoTheConfiguration(List<String> options, Check check) throws Exception {
        check.accept(withFile(options.toArray(String[]::new)));
    }

    /**
     * The options of the front end itself, not of the transfer; their effect on what is printed where is
     * {@code CliLoopbackIT.udpcastFrontEndsLogQuietAndNoKeyboard}. {@code --pid-file} is accepted and, as in udpcast
     * without --daemon-mode, does nothing: no file is written.
     */
    @Test
    void frontEndOptionsSetTheCommand() throws Exception {
        UdpSenderCommand plain = CliRun.parse("udp-sender", image);
        assertFalse(plain.nokbd);
        assertNull(plain.log);
        assertFalse(plain.noProgress);
        assertEquals(0, plain.bwPeriod);
        assertEquals(-1, plain.printPosition);
        for (String[] args : new String[][] {{"-k", "-l", "/tmp/x.log", "--no-progress", "-I", "5", "-x", "0"},
                {"--nokbd", "--log", "/tmp/x.log", "--no-progress", "--bw-period", "5", "--print-uncompressed-position",
                        "0"}}) {
            UdpSenderCommand cmd = CliRun.parse(Stream.concat(Stream.of("udp-sender", image), Stream.of(args))
                    .toArray(String[]::new));
            assertTrue(cmd.nokbd, String.join(" ", args));
            assertEquals(Path.of("/tmp/x.log"), cmd.log);
            assertTrue(cmd.noProgress);
            assertEquals(5, cmd.bwPeriod);
            assertEquals(0, cmd.printPosition);
        }
        Path pid = dir.resolve("udp-sender.pid");
        UdpSenderCommand cmd = CliRun.parse("udp-sender", image, "--pid-file", pid.toString());
        assertEquals(pid, cmd.pidFile);
        cmd.config();
        assertFalse(Files.exists(pid));
    }

    @Test
    void positionalFileWhenNoFileOption() {
        assertEquals(Path.of(image), config(image).file());
        assertEquals(Path.of(image), config("--nokbd", image, "--ttl", "2").file());
    }

    @Test
    void clusteredShortOptionsWithAttachedValues() {
        SenderConfig c = config("-kd2aB", "-P9200", "-t32", "-F8x8/64", "-r10m", "-f" + image);
        assertEquals(Duplex.FULL, c.duplex());
        assertEquals(PointToPoint.NEVER, c.pointToPoint());
        assertTrue(c.async());
        assertTrue(c.broadcast());
        assertEquals(9200, c.portBase());
        assertEquals(32, c.ttl());
        assertEquals(new FecSpec(8, 8, 64), c.fec());
        assertEquals(10_000_000, c.maxBitrateBps());
    }

    @Test
    void unambiguousLongOptionPrefixesAsGetopt() {
        SenderConfig c = config("--max-bit", "5m", "--min-rec", "2", "--nop", "--file", image);
        assertEquals(5_000_000, c.maxBitrateBps());
        assertEquals(2, c.minReceivers());
        assertEquals(PointToPoint.NEVER, c.pointToPoint());
    }

    @Test
    void repeatedOptionsLastWinsAsGetopt() {
        assertEquals(9300, config("-P", "9100", "-P", "9300", image).portBase());
        assertEquals(Duplex.FULL, config("-d", "-d", image).duplex());
    }

    @Test
    void asyncPointToPointWithDataAddressIsAllowed() throws Exception {
        SenderConfig c = withFile("--async", "--pointopoint", "-m", "239.1.2.3");
        assertEquals(InetAddress.getByName("239.1.2.3"), c.dataAddress());
    }

    @Test
    void refusedOptionsExplainThemselves() {
        for (String[] args : new String[][] {{"-D"}, {"--daemon-mode"}, {"-K"}, {"--kill"}, {"-A"}, {"--autorate"},
            {"-g", "x.so:a=1"}, {"--rate-governor", "x.so"}, {"-x", "1"}, {"--print-uncompressed-position", "1"},
            {"-1", "-2"}, {"--full-duplex", "--half-duplex"}, {"--async", "--pointopoint"}, {"-b", "0"},
            {"--max-slice-size", "2000"}, {"--min-slice-size", "1025"}}) {
            CommandFailure f = assertThrows(CommandFailure.class, () -> withFile(args), String.join(" ", args));
            assertEquals(ExitCode.USAGE, f.exitCode(), String.join(" ", args));
            assertFalse(f.getMessage().contains("\n"), f.getMessage());
        }
    }
}
