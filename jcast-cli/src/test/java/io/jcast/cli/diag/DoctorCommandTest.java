package io.jcast.cli.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.cli.JcastCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Bad input to {@code jcast doctor}: one line on stderr and exit code 2, before anything is probed. */
class DoctorCommandTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = JcastCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void assertBadInput(String expectedLine, String... args) {
        Run r = run(args);
        assertEquals(2, r.exit(), r.err());
        assertEquals(expectedLine + System.lineSeparator(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void unknownInterface() {
        assertBadInput("doctor: unknown interface: jcnosuch0", "doctor", "--interface", "jcnosuch0");
    }

    @Test
    void groupThatIsNotMulticast() {
        assertBadInput("doctor: 10.1.2.3 is not a multicast address", "doctor", "--group", "10.1.2.3");
    }

    @Test
    void peerThatIsMulticast() {
        assertBadInput("doctor: peer 232.43.211.234 is not a unicast address: --peer names a host running jcast"
                + " ssmpingd or omping", "doctor", "--peer", "232.43.211.234");
    }

    @Test
    void peerAndGroupOfDifferentIpVersions() {
        assertBadInput("doctor: peer 10.0.0.7 and group ff3e::4321:1234 are of different IP versions; run the"
                + " doctor once per IP version", "doctor", "--peer", "10.0.0.7", "--group", "ff3e::4321:1234");
    }

    @Test
    void outOfRangeNumbers() {
        assertBadInput("doctor: --rate 0 out of range 1-150", "doctor", "--rate", "0");
        assertBadInput("doctor: --port 70000 out of range 1-65535", "doctor", "--port", "70000");
        assertBadInput("doctor: --long-duration 5 parsecs: not a duration like 40s or 10m", "doctor",
                "--long-duration", "5 parsecs");
    }

    @Test
    void helpDocumentsTheExitCodes() {
        Run r = run("doctor", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains(" 1   a problem was found"), r.out());
        assertTrue(r.out().contains(" 2   bad input"), r.out());
        assertTrue(r.out().contains(" 3   could not check"), r.out());
        assertTrue(!r.out().contains("--long-duration"), "hidden option shown: " + r.out());
    }
}
