package io.jcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.transfer.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends with one clear line on stderr and a documented exit code, before any socket is opened. */
class BadInputTest {
    @TempDir
    Path dir;

    private static void assertFails(ExitCode code, String expectedStart, String... args) {
        CliRun r = CliRun.of(args);
        assertEquals(code.code(), r.exitCode(), String.join(" ", args) + " -> " + r.err());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith(expectedStart), "stderr: " + r.err());
        assertEquals("", r.out(), "nothing on stdout");
    }

    @Test
    void missingInputFile() {
        String missing = dir.resolve("missing.img").toString();
        assertFails(ExitCode.IO_ERROR, "jcast send: cannot read " + missing + ": no such file", "send", missing);
        assertFails(ExitCode.IO_ERROR, "udp-sender: Could not open file " + missing + ": No such file or directory",
                "udp-sender", "--file", missing);
        assertFails(ExitCode.IO_ERROR, "udp-sender: Could not open file", "udp-sender", missing);
    }

    @Test
    void directoryAsInput() {
        assertFails(ExitCode.IO_ERROR, "jcast send: cannot read " + dir + ": is a directory", "send", dir.toString());
        assertFails(ExitCode.IO_ERROR, "udp-sender: Could not open file " + dir + ": Is a directory",
                "udp-sender", "-f", dir.toString());
    }

    @Test
    void outputThatCannotBeWritten() {
        String out = dir.resolve("no/such/dir/out.img").toString();
        assertFails(ExitCode.IO_ERROR, "jcast receive: cannot write " + out + ": no such directory", "receive", "-o", out);
        assertFails(ExitCode.IO_ERROR, "udp-receiver: cannot write " + out, "udp-receiver", "--file", out);
        assertFails(ExitCode.IO_ERROR, "udp-receiver: cannot write " + dir + ": is a directory",
                "udp-receiver", "--file", dir.toString());
    }

    @Test
    void malformedFecAndBitrate() throws IOException {
        String img = Files.write(dir.resolve("x.img"), new byte[1]).toString();
        assertFails(ExitCode.USAGE, "udp-sender: Invalid value for option '--fec'", "udp-sender", "--fec", "8x", img);
        assertFails(ExitCode.USAGE, "udp-sender: Invalid value for option '--fec'", "udp-sender", "--fec", "8x300/64", img);
        assertFails(ExitCode.USAGE, "jcast send: Invalid value for option '--fec'", "send", "--fec", "lots", img);
        assertFails(ExitCode.USAGE, "udp-sender: Invalid value for option '--max-bitrate'", "udp-sender",
                "--max-bitrate", "500x", img);
        assertFails(ExitCode.USAGE, "jcast send: Invalid value for option '--max-bitrate'", "send", "--max-bitrate", "fast", img);
        assertFails(ExitCode.USAGE, "udp-sender: Invalid value for option '--mcast-data-address'", "udp-sender",
                "-m", "239.1.2.300", img);
    }

    @Test
    void conflictingOptions() throws IOException {
        String img = Files.write(dir.resolve("x.img"), new byte[1]).toString();
        assertFails(ExitCode.USAGE, "udp-sender: pointopoint and nopointopoint cannot be set both",
                "udp-sender", "--pointopoint", "--nopointopoint", img);
        assertFails(ExitCode.USAGE, "udp-sender: full-duplex and half-duplex cannot be set both",
                "udp-sender", "--full-duplex", "--half-duplex", img);
        assertFails(ExitCode.USAGE, "udp-sender: --pointopoint with --async needs a data address",
                "udp-sender", "--async", "--pointopoint", img);
        assertFails(ExitCode.USAGE, "jcast send: --pointopoint with --async needs a data address",
                "send", "--async", "--unicast", "always", img);
        assertFails(ExitCode.USAGE, "jcast send: give the input either as FILE or with --file",
                "send", "--file", img, dir.resolve("other").toString());
    }

    @Test
    void unsupportedUdpcastOptions() throws IOException {
        String img = Files.write(dir.resolve("x.img"), new byte[1]).toString();
        assertFails(ExitCode.USAGE, "udp-sender: --daemon-mode is not supported by jcast", "udp-sender", "-D", img);
        assertFails(ExitCode.USAGE, "udp-sender: --rate-governor is not supported", "udp-sender", "-g", "a.so", img);
        assertFails(ExitCode.USAGE, "udp-sender: --autorate is not supported", "udp-sender", "--autorate", img);
        assertFails(ExitCode.USAGE, "udp-sender: --kill is not supported", "udp-sender", "-K", "--pid-file", "/x");
    }

    @Test
    void unknownOptionsAndBadNumbers() {
        assertFails(ExitCode.USAGE, "udp-sender: Unknown option: '--print-seed'", "udp-sender", "--print-seed");
        assertFails(ExitCode.USAGE, "udp-receiver: Invalid value for option '--portbase'", "udp-receiver", "-P", "x");
        assertFails(ExitCode.USAGE, "jcast receive: Unknown option: '--bogus'", "receive", "--bogus");
        assertFails(ExitCode.USAGE, "jcast receive: port base must be 1..65534", "receive", "--port-base", "70000");
        assertFails(ExitCode.USAGE, "jcast send: Invalid value for option '--min-wait'", "send", "--min-wait", "-1");
    }

    @Test
    void unwritableLogFile() {
        String log = dir.resolve("no/dir/x.log").toString();
        assertFails(ExitCode.IO_ERROR, "udp-receiver: cannot open log file " + log, "udp-receiver", "--log", log);
    }

    @Test
    void helpAndLicenseSucceed() {
        CliRun help = CliRun.of("udp-sender", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("--mcast-rdv-address"), help.out());
        assertTrue(help.out().contains("--rehello-offset=blocks"), help.out());
        CliRun rhelp = CliRun.of("udp-receiver", "--help");
        assertEquals(0, rhelp.exitCode());
        assertTrue(rhelp.out().contains("--exit-wait"));
        CliRun send = CliRun.of("send", "--help");
        assertEquals(0, send.exitCode());
        assertTrue(send.out().contains("Default: 9000"), send.out());
        CliRun license = CliRun.of("udp-receiver", "--license");
        assertEquals(0, license.exitCode());
        assertTrue(license.out().contains("no udpcast code"));
    }
}
