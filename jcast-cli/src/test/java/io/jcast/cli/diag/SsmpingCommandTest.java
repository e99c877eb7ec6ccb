package io.jcast.cli.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.cli.JcastCommand;
import io.jcast.diag.ssmping.SsmpingServer;
import io.jcast.diag.ssmping.SsmpingServerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.channels.DatagramChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The four commands in-process: bad input gives one line on stderr and exit 2; a loopback run works. */
class SsmpingCommandTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = JcastCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ssmping nosuchhost.invalid                 | ssmping: unknown host nosuchhost.invalid",
        "ssmping 232.43.211.234                     | ssmping: 232.43.211.234: argument must be a unicast address",
        "ssmping --port 70000 127.0.0.1             | ssmping: port 70000 out of range 1-65535",
        "ssmping --port 0 127.0.0.1                 | ssmping: port 0 out of range 1-65535",
        "ssmping -6 127.0.0.1                       | ssmping: 127.0.0.1 has no IPv6 address",
        "ssmping -4 ::1                             | ssmping: ::1 has no IPv4 address",
        "ssmping -4 -6 127.0.0.1                    | ssmping: -4 and -6 cannot be used together",
        "ssmping -c 0 127.0.0.1                     | ssmping: Count must be positive",
        "ssmping -s 0 127.0.0.1                     | ssmping: Invalid size 0 (1-65535)",
        "ssmping -I nosuchif0 127.0.0.1             | ssmping: unknown interface nosuchif0",
        "asmping 10.0.0.1 10.0.0.2                  | asmping: Both addresses cannot be unicast addresses",
        "asmping 224.0.1.1 239.1.1.1                | asmping: Both addresses cannot be multicast addresses",
        "asmping ff3e::1 127.0.0.1                  | asmping: ff3e::1 is IPv6 but 127.0.0.1 is IPv4: mixed IPv4/IPv6",
        "asmping 224.0.1.1 nosuchhost.invalid       | asmping: unknown host nosuchhost.invalid",
        "asmping --port 65536 224.0.1.1 127.0.0.1   | asmping: port 65536 out of range 1-65535",
        "ssmpingd --port 65536                      | ssmpingd: port 65536 out of range 1-65535",
        "ssmpingd --rate-limit 0                    | ssmpingd: rate limits must be at least 1 per second",
        "ssmpingd --bind nosuchhost.invalid         | ssmpingd: unknown host nosuchhost.invalid",
        "mcfirst 10.0.0.1 5000                      | mcfirst: 10.0.0.1: argument must be a multicast address",
        "mcfirst 239.1.1.1 70000                    | mcfirst: port 70000 out of range 1-65535",
        "mcfirst 239.1.1.1 http                     | mcfirst: port http is not a number",
        "mcfirst 10.0.0.1 ff3e::1 5000              | mcfirst: 10.0.0.1 is IPv4 but ff3e::1 is IPv6: mixed IPv4/IPv6",
        "mcfirst -t 0 239.1.1.1 5000                | mcfirst: Invalid time to run"
    })
    void badInputIsOneLineAndExitTwo(String args, String message) {
        Run r = run(args.trim().split(" +"));
        assertEquals(2, r.exit(), r.err());
        assertEquals(message + System.lineSeparator(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void helpShowsTheDefaults() {
        Run r = run("ssmping", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Default: 4321"), r.out());
        assertTrue(r.out().contains("Exit codes:"), r.out());
        Run d = run("ssmpingd", "--help");
        assertTrue(d.out().contains("Default: " + SsmpingServerConfig.DEFAULT_PER_SOURCE_RATE), d.out());
    }

    @Test
    void pingsAnInProcessServerOnLoopback() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        try (SsmpingServer server = SsmpingServer.start(SsmpingServerConfig.defaults().withPort(0)
                .withBindAddresses(List.of(lo)).withMulticastInterface(NetworkInterface.getByName("lo")), l -> { })) {
            Run r = run("ssmping", "-c", "2", "--interval", "100", "--port", Integer.toString(server.port()),
                    "127.0.0.1");
            assertEquals(0, r.exit(), r.out() + r.err());
            String[] lines = r.out().split("\n");
            assertEquals("ssmping joined (S,G) = (127.0.0.1,232.43.211.234)", lines[0]);
            assertEquals("pinging S from 127.0.0.1", lines[1]);
            assertTrue(lines[2].matches("  unicast from 127\\.0\\.0\\.1, seq=1 dist=-1 time=\\d+\\.\\d{3} ms"),
                    lines[2]);
            assertTrue(r.out().contains("\n--- 127.0.0.1 statistics ---\n2 packets transmitted, time "), r.out());
            assertTrue(r.out().contains("multicast:\n   2 packets received, 0% packet loss since first mc packet "
                    + "(seq 1) recvd\n"), r.out());
        }
    }

    private static int freePort() throws Exception {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    @Test
    void ssmpingdOnAPortInUseIsANetworkError() throws Exception {
        try (DatagramChannel taken = DatagramChannel.open()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            Run r = run("ssmpingd", "--bind", "127.0.0.1", "--port", Integer.toString(port));
            assertEquals(4, r.exit());
            assertTrue(r.err().startsWith("ssmpingd: cannot listen on port " + port + ": "), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
    }

    @Test
    void mcfirstWithNothingToReceiveExitsOne() throws Exception {
        Run r = run("mcfirst", "-I", "lo", "-t", "1", "239.213.77.9", Integer.toString(freePort()));
        assertEquals(1, r.exit(), r.err());
        assertEquals("mcfirst joined (*,G) = (*,239.213.77.9)\n"
                + "0 bytes (payload) and 0 packets received in 0.000 seconds\n", r.out());
    }

    @Test
    void noServerMeansExitOneAndReceiveErrors() throws Exception {
        int port = freePort();
        Run r = run("ssmping", "-c", "2", "--interval", "100", "--port", Integer.toString(port), "127.0.0.1");
        assertEquals(1, r.exit());
        assertTrue(r.out().endsWith("unicast:\n   0 packets received, 100% packet loss\n"
                + "multicast:\n   0 packets received, 100% packet loss\n"), r.out());
        assertTrue(r.err().startsWith("recv failed: Connection refused\nerrno=111\n"), r.err());
    }
}
