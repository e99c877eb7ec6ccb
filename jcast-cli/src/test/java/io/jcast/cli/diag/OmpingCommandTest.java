package io.jcast.cli.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.cli.JcastCommand;
import io.jcast.diag.omping.OmpingTargets;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code jcast omping} options, messages and exit statuses, in-process, against real omping's outputs. The
 * command gets a resolver that knows no local address, so no run here can open a socket on this machine's
 * interfaces, whatever addresses they have; runs with sockets are in {@code OmpingCommandIT} (namespaces).
 */
class OmpingCommandTest {
    /** Resolves literals and fails names; no address is local. */
    static final OmpingTargets.Resolver NO_LOCAL_ADDRESS = new OmpingTargets.Resolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            if (!host.matches("[0-9a-fA-F.:]+")) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(host)};
        }

        @Override
        public Optional<OmpingTargets.LocalAddress> local(InetAddress address) {
            return Optional.empty();
        }
    };

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = JcastCommand.commandLine();
        ((OmpingCommand) cl.getSubcommands().get("omping").getCommand()).resolver = NO_LOCAL_ADDRESS;
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 1];
        full[0] = "omping";
        System.arraycopy(args, 0, full, 1, args.length);
        int exit = cl.execute(full);
        return new Run(exit, out.toString(), err.toString());
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = OmpingCommandTest.class.getResourceAsStream("/captures/omping/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldPrintTheVersionAsOmping() throws IOException {
        Run r = run("-V");
        assertEquals(0, r.exit());
        assertEquals(fixture("version_nodeA.out"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void shouldRefuseASubSecondIntervalWithoutForceAsOmping() throws IOException {
        Run r = run("-c", "5", "-i", "0.2", "10.214.0.1", "10.214.0.2");
        assertEquals(1, r.exit());
        assertEquals(fixture("usage_without_F_nodeA.out"), r.out(), "usage on stdout");
        assertEquals(fixture("usage_without_F_nodeA.err"), r.err(), "the message on stderr");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-i 0 -F 10.0.0.1|illegal nmber, -i argument 0 ms < 1 ms. Use -FF to force.",
        "-t 32 10.0.0.1|illegal nmber, -t argument 32 < 64. Use -F to force.",
        "-t 256 10.0.0.1|illegal number, -t argument -- 256",
        "-t 1.5 10.0.0.1|illegal number, -t argument -- 1.5",
        "-c 0 10.0.0.1|illegal number, -c argument -- 0",
        "-c abc 10.0.0.1|illegal number, -c argument -- abc",
        "-i -1 10.0.0.1|illegal number, -i argument -- -1",
        "-i 5x 10.0.0.1|illegal number, -i argument -- 5x",
        "-M foo 10.0.0.1|illegal parameter, -M argument -- foo",
        "-O server 10.0.0.1|illegal parameter, -O argument -- server",
        "-R 100 10.0.0.1|illegal number, -R argument -- 100",
        "-S 100 10.0.0.1|illegal number, -S argument -- 100",
        "-r -2 10.0.0.1|illegal number, -r argument -- -2",
        "-T -1 10.0.0.1|illegal number, -T argument -- -1",
        "-w -2 10.0.0.1|illegal number, -w argument -- -2",
        "-M ipbc -6 10.0.0.1|illegal transport method, -M argument ipbc is mutually exclusive with -6 option",
        "-V -V -O client 10.0.0.1|op_mode must be set to normal for remote version display.",
        "-x 10.0.0.1|invalid option -- 'x'",
        "-c 5|at least one remote addresses should be specified",
    })
    void shouldRefuseBadOptionsWithUsageAndExit1(String args, String message) throws IOException {
        Run r = run(args.split(" "));
        assertEquals(1, r.exit(), r.err());
        assertEquals("omping: " + message + "\n", r.err());
        assertEquals(fixture("usage_without_F_nodeA.out"), r.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "nosuchhost.invalid|Can't get addr info for nosuchhost.invalid: Name or service not known",
        "-p 70000 10.0.0.1|illegal port, -p argument -- 70000 (a number 1-65535)",
        "-p 0 10.0.0.1|illegal port, -p argument -- 0 (a number 1-65535)",
        "-4 10.0.0.1 fd00::1|Can't get addr info for fd00::1: Address family for hostname not supported",
        "10.0.0.1 fd00::1|Host fd00::1 doesn't support IP version 4",
        "127.0.0.1|Address 127.0.0.1 looks like loopback. Loopback ping is not supported",
        "198.18.0.1 198.18.0.2|Can't find local address in arguments",
    })
    void shouldRefuseBadInputWithOneLineAndExit1(String args, String message) {
        Run r = run(args.split(" "));
        assertEquals(1, r.exit(), r.err());
        assertEquals("omping: " + message + "\n", r.err());
        assertEquals("", r.out(), "no usage for a configuration error");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-FF -i 0 10.0.0.1",
        "-Fc5 -i0.2 10.0.0.1",
        "-qq -CC -vvv -E -D -4 -w -1 -r 0 -R 4096 -S 4096 -t 1 -F -M ssm -O client -m 239.1.1.1 10.0.0.1",
    })
    void shouldAcceptOmpingsClusteredOptionsAndGoOnToFindTheLocalAddress(String args) {
        Run r = run(args.split(" "));
        assertEquals("omping: Can't find local address in arguments\n", r.err());
        assertEquals(1, r.exit());
    }

    @Test
    void shouldDescribeEveryOptionInJcastHelp() {
        Run r = run("--help");
        assertEquals(0, r.exit());
        for (String option : new String[] {"-4", "-6", "-C", "-D", "-E", "-F", "-q", "-V", "-v", "-c", "-i", "-M",
            "-m", "-O", "-p", "-R", "-r", "-S", "-T", "-t", "-w"}) {
            assertTrue(r.out().contains(option + " ") || r.out().contains(option + "="), option + " in " + r.out());
        }
        assertTrue(r.out().contains("Exit codes"));
    }
}
