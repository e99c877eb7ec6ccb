package io.jcast.cli.udpcast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.cli.CliRun;
import io.jcast.cli.CommandFailure;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.ReceiverConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every udp-receiver option of udpcast 20120424 (reference §8.2), parsed and mapped onto {@link ReceiverConfig}. */
class UdpReceiverOptionsTest {
    @TempDir
    static Path dir;

    static ReceiverConfig config(String... options) {
        String[] args = Stream.concat(Stream.of("udp-receiver"), Stream.of(options)).toArray(String[]::new);
        UdpReceiverCommand cmd = CliRun.parse(args);
        return cmd.config();
    }

    @Test
    void fogCommandLineParsesUnchanged() throws Exception {
        ReceiverConfig c = config("--nokbd", "--portbase", "9000", "--mcast-rdv-address", "10.0.0.1");
        assertNull(c.file(), "data goes to stdout");
        assertEquals(9000, c.portBase());
        assertEquals(InetAddress.getByName("10.0.0.1"), c.rendezvousAddress());
    }

    @Test
    void defaultsAreUdpcasts() {
        ReceiverConfig c = config();
        assertNull(c.file());
        assertEquals(9000, c.portBase());
        assertEquals(1, c.ttl());
        assertNull(c.rendezvousAddress());
        assertFalse(c.passive());
        assertFalse(c.sync());
        assertEquals(0, c.receiveBufferBytes());
        assertEquals(Duration.ofMillis(500), c.exitWait());
        assertEquals(Duration.ZERO, c.startTimeout());
        assertEquals(Duration.ofMillis(500), c.statPeriod());
        assertFalse(c.ignoreLostData());
        assertEquals(Duration.ofSeconds(60), c.reannounceInterval(), "a jcast extension, on by default");
    }

    interface Check {
        void accept(ReceiverConfig config) throws Exception;
    }

    static Stream<Arguments> everyOption() throws Exception {
        InetAddress rdv = InetAddress.getByName("10.0.0.1");
        Path out = dir.resolve("out.img");
        return Stream.of(
                Arguments.of(List.of("-f", out.toString()), (Check) c -> assertEquals(out, c.file())),
                Arguments.of(List.of("--file", out.toString()), (Check) c -> assertEquals(out, c.file())),
                Arguments.of(List.of("-p", "gzip -dc"), (Check) c -> assertEquals(List.of("gzip", "-dc"), c.pipe())),
                Arguments.of(List.of("--pipe", "zstd -d"), (Check) c -> assertEquals(List.of("zstd", "-d"), c.pipe())),
                Arguments.of(List.of("-P", "9100"), (Check) c -> assertEquals(9100, c.portBase())),
                Arguments.of(List.of("--port", "9102"), (Check) c -> assertEquals(9102, c.portBase())),
                Arguments.of(List.of("--portbase", "9104"), (Check) c -> assertEquals(9104, c.portBase())),
                Arguments.of(List.of("-i", "eth1"), (Check) c -> assertEquals("eth1", c.interfaceName())),
                Arguments.of(List.of("--interface", "eth2"), (Check) c -> assertEquals("eth2", c.interfaceName())),
                Arguments.of(List.of("-t", "2"), (Check) c -> assertEquals(2, c.ttl())),
                Arguments.of(List.of("--ttl", "3"), (Check) c -> assertEquals(3, c.ttl())),
                Arguments.of(List.of("-M", "10.0.0.1"), (Check) c -> assertEquals(rdv, c.rendezvousAddress())),
                Arguments.of(List.of("--mcast-rdv-address", "10.0.0.1"), (Check) c -> assertEquals(rdv, c.rendezvousAddress())),
                Arguments.of(List.of("--mcast_rdv_address", "10.0.0.1"), (Check) c -> assertEquals(rdv, c.rendezvousAddress())),
                Arguments.of(List.of("--mcast-all-address", "10.0.0.1"), (Check) c -> assertEquals(rdv, c.rendezvousAddress())),
                Arguments.of(List.of("--mcast_all_address", "10.0.0.1"), (Check) c -> assertEquals(rdv, c.rendezvousAddress())),
                Arguments.of(List.of("-d"), (Check) c -> assertTrue(c.passive())),
                Arguments.of(List.of("--passive"), (Check) c -> assertTrue(c.passive())),
                Arguments.of(List.of("-n"), (Check) c -> assertFalse(c.sync())),
                Arguments.of(List.of("--nosync"), (Check) c -> assertFalse(c.sync())),
                Arguments.of(List.of("-y"), (Check) c -> assertTrue(c.sync())),
                Arguments.of(List.of("--sync"), (Check) c -> assertTrue(c.sync())),
                Arguments.of(List.of("-b", "8m"), (Check) c -> assertEquals(8 << 20, c.receiveBufferBytes())),
                Arguments.of(List.of("--rcvbuf", "256k"), (Check) c -> assertEquals(256 << 10, c.receiveBufferBytes())),
                Arguments.of(List.of("-w", "1000"), (Check) c -> assertEquals(Duration.ofSeconds(1), c.exitWait())),
                Arguments.of(List.of("--exit-wait", "200"), (Check) c -> assertEquals(Duration.ofMillis(200), c.exitWait())),
                Arguments.of(List.of("--exitWait", "300"), (Check) c -> assertEquals(Duration.ofMillis(300), c.exitWait())),
                Arguments.of(List.of("-s", "5"), (Check) c -> assertEquals(Duration.ofSeconds(5), c.startTimeout())),
                Arguments.of(List.of("--start-timeout", "6"), (Check) c -> assertEquals(Duration.ofSeconds(6), c.startTimeout())),
                Arguments.of(List.of("--receive-timeout", "7"), (Check) c -> assertEquals(Duration.ofSeconds(7), c.receiveTimeout())),
                Arguments.of(List.of("--reannounce-interval", "0"), (Check) c -> assertEquals(Duration.ZERO, c.reannounceInterval())),
                Arguments.of(List.of("-z", "1000"), (Check) c -> assertEquals(Duration.ofSeconds(1), c.statPeriod())),
                Arguments.of(List.of("--stat-period", "200"), (Check) c -> assertEquals(Duration.ofMillis(200), c.statPeriod())),
                Arguments.of(List.of("--statistics-period", "100"), (Check) c -> assertEquals(Duration.ofMillis(100), c.statPeriod())),
                Arguments.of(List.of("-Z"), (Check) c -> assertTrue(c.ignoreLostData())),
                Arguments.of(List.of("--ignore-lost-data"), (Check) c -> assertTrue(c.ignoreLostData())),
                Arguments.of(List.of("--local-address", "127.0.0.3"),
                        (Check) c -> assertEquals("127.0.0.3", c.localAddress().getHostAddress())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyOption")
    void optionMapsOntoTheConfiguration(List<String> options, Check check) throws Exception {
        check.accept(config(options.toArray(String[]::new)));
    }

    /**
     * The options of the front end itself, not of the transfer; their effect on what is printed where is
     * {@code CliLoopbackIT.udpcastFrontEndsLogQuietAndNoKeyboard}.
     */
    @Test
    void frontEndOptionsSetTheCommand() {
        UdpReceiverCommand plain = CliRun.parse("udp-receiver");
        assertFalse(plain.nokbd);
        assertNull(plain.log);
        assertFalse(plain.noProgress);
        assertEquals(-1, plain.printPosition);
        for (String[] args : new String[][] {{"-k", "-l", "/tmp/r.log", "--no-progress", "-x", "0"},
                {"--nokbd", "--log", "/tmp/r.log", "--no-progress", "--print-uncompressed-position", "0"}}) {
            UdpReceiverCommand cmd = CliRun.parse(Stream.concat(Stream.of("udp-receiver"), Stream.of(args))
                    .toArray(String[]::new));
            assertTrue(cmd.nokbd, String.join(" ", args));
            assertEquals(Path.of("/tmp/r.log"), cmd.log);
            assertTrue(cmd.noProgress);
            assertEquals(0, cmd.printPosition);
        }
    }

    @Test
    void clusteredShortOptions() {
        ReceiverConfig c = config("-kyZ", "-P9300", "-b1m", "-f" + dir.resolve("o.img"));
        assertTrue(c.sync());
        assertTrue(c.ignoreLostData());
        assertEquals(9300, c.portBase());
        assertEquals(1 << 20, c.receiveBufferBytes());
        assertEquals(dir.resolve("o.img"), c.file());
    }

    @Test
    void refusedOptions() {
        for (String[] args : new String[][] {{"-x", "1"}, {"--sync", "--nosync"}, {"--reannounce-interval", "-1"}}) {
            CommandFailure f = assertThrows(CommandFailure.class, () -> config(args), String.join(" ", args));
            assertEquals(ExitCode.USAGE, f.exitCode());
        }
    }
}
