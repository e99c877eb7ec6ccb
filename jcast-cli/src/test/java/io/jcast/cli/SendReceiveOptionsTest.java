package io.jcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.fec.FecSpec;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.Duplex;
import io.jcast.transfer.PointToPoint;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.SenderConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jcast send} and {@code jcast receive} options mapped onto the configurations. */
class SendReceiveOptionsTest {
    @TempDir
    Path dir;

    @Test
    void sendOptions() throws IOException {
        Path img = Files.write(dir.resolve("x.img"), new byte[10]);
        SendCommand cmd = CliRun.parse("send", "-i", "lo", "--local-address", "127.0.0.1", "--port-base", "9100",
                "--min-receivers", "3", "--min-wait", "1.5", "--max-wait", "60", "--start-timeout", "30",
                "--max-bitrate", "1g", "--fec", "8x8/64", "--async", "--duplex", "half", "--unicast", "never",
                "--data-address", "239.9.9.9", "--rdv-address", "224.0.0.1", "--ttl", "4", "--block-size", "1024",
                "--retries-until-drop", "5", "--autostart", "3", "--hello-interval", "0.2", "--streaming",
                "--pipe", "zstd -c", "--stat-period", "2", "--no-progress", "--nokbd", img.toString());
        SenderConfig c = cmd.config();
        assertEquals(img, c.file());
        assertEquals("lo", c.interfaceName());
        assertEquals(InetAddress.getByName("127.0.0.1"), c.localAddress());
        assertEquals(9100, c.portBase());
        assertEquals(3, c.minReceivers());
        assertEquals(Duration.ofMillis(1500), c.minWait());
        assertEquals(Duration.ofSeconds(60), c.maxWait());
        assertEquals(Duration.ofSeconds(30), c.startTimeout());
        assertEquals(1_000_000_000L, c.maxBitrateBps());
        assertEquals(new FecSpec(8, 8, 64), c.fec());
        assertTrue(c.async());
        assertEquals(Duplex.HALF, c.duplex());
        assertEquals(PointToPoint.NEVER, c.pointToPoint());
        assertEquals(InetAddress.getByName("239.9.9.9"), c.dataAddress());
        assertEquals(InetAddress.getByName("224.0.0.1"), c.rendezvousAddress());
        assertEquals(4, c.ttl());
        assertEquals(1024, c.blockSize());
        assertEquals(5, c.retriesUntilDrop());
        assertEquals(3, c.autostart());
        assertEquals(Duration.ofMillis(200), c.helloInterval());
        assertTrue(c.streaming());
        assertEquals(List.of("zstd", "-c"), c.pipe());
        assertEquals(Duration.ofSeconds(2), c.statPeriod());
    }

    @Test
    void sendReadsStdinByDefaultOrWithDash() {
        SendCommand plain = CliRun.parse("send");
        assertNull(plain.config().file());
        SendCommand dash = CliRun.parse("send", "-f", "-");
        assertNull(dash.config().file());
        assertEquals(SenderConfig.DEFAULT_PORT_BASE, dash.config().portBase());
        assertEquals(Duplex.AUTO, dash.config().duplex());
        assertEquals(PointToPoint.AUTO, dash.config().pointToPoint());
    }

    @Test
    void receiveOptions() throws IOException {
        Path out = dir.resolve("out.img");
        ReceiveCommand cmd = CliRun.parse("receive", "-o", out.toString(), "-i", "lo", "--local-address", "127.0.0.2",
                "--port-base", "9200", "--rdv-address", "224.0.0.1", "--ttl", "2", "--passive", "--sync",
                "--rcvbuf", "8m", "--exit-wait", "1", "--start-timeout", "10", "--receive-timeout", "20",
                "--reannounce-interval", "30", "--ignore-lost-data", "--pipe", "zstd -d", "--stat-period", "1", "--nokbd", "--no-progress");
        ReceiverConfig c = cmd.config();
        assertEquals(out, c.file());
        assertEquals("lo", c.interfaceName());
        assertEquals(InetAddress.getByName("127.0.0.2"), c.localAddress());
        assertEquals(9200, c.portBase());
        assertEquals(InetAddress.getByName("224.0.0.1"), c.rendezvousAddress());
        assertEquals(2, c.ttl());
        assertTrue(c.passive());
        assertTrue(c.sync());
        assertEquals(8 << 20, c.receiveBufferBytes());
        assertEquals(Duration.ofSeconds(1), c.exitWait());
        assertEquals(Duration.ofSeconds(10), c.startTimeout());
        assertEquals(Duration.ofSeconds(20), c.receiveTimeout());
        assertEquals(Duration.ofSeconds(30), c.reannounceInterval());
        assertTrue(c.ignoreLostData());
        assertEquals(List.of("zstd", "-d"), c.pipe());
        assertEquals(Duration.ofSeconds(1), c.statPeriod());
    }

    @Test
    void helpShowsTheReannounceIntervalAndItsDefault() {
        for (String command : new String[] {"receive", "udp-receiver"}) {
            CliRun help = CliRun.of(command, "--help");
            String option = help.out().substring(help.out().lastIndexOf("--reannounce-interval")); // past the synopsis
            String text = option.substring(0, option.indexOf("\n  -", 1)).replaceAll("\\s+", " ");
            assertTrue(text.contains("(0: never") && text.contains("Default: 60"), command + ": " + text);
        }
    }

    @Test
    void receiveWritesStdoutByDefaultOrWithDash() {
        ReceiveCommand plain = CliRun.parse("receive");
        assertNull(plain.config().file());
        assertEquals(Duration.ofSeconds(60), plain.config().reannounceInterval());
        ReceiveCommand dash = CliRun.parse("receive", "-o", "-");
        assertNull(dash.config().file());
    }

    @Test
    void bitrateSuffixes() {
        assertEquals(500_000_000L, OptionConverters.parseBitrate("500m"));
        assertEquals(500_000_000L, OptionConverters.parseBitrate("500M"));
        assertEquals(800_000L, OptionConverters.parseBitrate("800k"));
        assertEquals(1_500_000_000L, OptionConverters.parseBitrate("1.5g"));
        assertEquals(12345L, OptionConverters.parseBitrate("12345"));
    }

    /** Every transfer command's help lists every exit code with ExitCode's own meaning, and only those. */
    @Test
    void helpListsTheExitCodesThatTheProgramsReturn() {
        for (String[] help : new String[][] {{"--help"}, {"send", "--help"}, {"receive", "--help"},
                {"udp-sender", "--help"}, {"udp-receiver", "--help"}}) {
            String out = CliRun.of(help).out();
            String codes = out.substring(out.indexOf("Exit codes:"));
            for (ExitCode c : ExitCode.values()) {
                assertTrue(codes.contains(String.format("%3d", c.code()) + "   " + c.meaning().substring(0, Math.min(16, c.meaning().length()))),
                        String.join(" ", help) + " lacks exit code " + c.code() + ":\n" + codes);
            }
            assertEquals(ExitCode.values().length, codes.lines().skip(1).filter(l -> l.matches("\\s*\\d+\\s.*")).count(),
                    String.join(" ", help) + ":\n" + codes);
        }
    }
}
