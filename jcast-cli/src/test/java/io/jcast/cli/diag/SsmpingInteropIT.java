package io.jcast.cli.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.testkit.Environment;
import io.jcast.testkit.NetLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's ssmping 0.9.1 tools against jcast's, in both directions, IPv4 and IPv6, on a private
 * two-host LAN (host 0 = client, host 1 = server). Each run must get every reply on unicast and
 * on multicast.
 */
@Tag("netns")
class SsmpingInteropIT {
    private static final String V6_CLIENT = "fd00:213::1";
    private static final String V6_SERVER = "fd00:213::2";
    private static final String V4_SERVER = NetLab.address(1);

    private static NetLab lab;

    @BeforeAll
    static void createLab() throws IOException {
        Environment.assumeNamespaceLab();
        Environment.assumePrograms("ssmping", "ssmping", "asmping", "ssmpingd");
        lab = NetLab.create(2);
        lab.exec(0, "ip", "addr", "add", V6_CLIENT + "/64", "dev", NetLab.INTERFACE, "nodad");
        lab.exec(1, "ip", "addr", "add", V6_SERVER + "/64", "dev", NetLab.INTERFACE, "nodad");
    }

    @AfterAll
    static void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    /** {@code java -cp <this test's class path> io.jcast.cli.Main args...}. */
    static List<String> jcast(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "io.jcast.cli.Main"));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs a command on a host with a time limit; returns its stdout and stderr, and checks the exit code. */
    static String runOn(int host, List<String> command, int expectedExit, Path dir) throws Exception {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        List<String> limited = new ArrayList<>(List.of("timeout", "-s", "INT", "30"));
        limited.addAll(command);
        Process p = lab.start(host, limited, dir, out, err);
        int exit = p.waitFor();
        String stdout = Files.readString(out);
        assertEquals(expectedExit, exit, String.join(" ", command) + "\n" + stdout + Files.readString(err));
        return stdout;
    }

    /** Starts a server on host 1 and waits until UDP port 4321 is bound there. */
    static Process startServer(List<String> command, Path dir, Path stdout) throws Exception {
        Process p = lab.start(1, command, dir, stdout, dir.resolve("server.err"));
        for (int i = 0; i < 100; i++) {
            String sockets = lab.exec(1, "ss", "-uln");
            if (sockets.contains(":4321 ")) {
                return p;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("server did not bind 4321: " + Files.readString(dir.resolve("server.err")));
    }

    /** The lines of an ssmping run with the round-trip times (the only values that vary) replaced by T. */
    static String withoutTimes(String output) {
        return output.replaceAll("time=\\d+\\.\\d{3} ms", "time=T ms")
                .replaceAll("time \\d+ ms", "time T ms")
                .replaceAll("std-dev = [0-9./]+ ms", "std-dev = T ms");
    }

    static String expected(String tool, String joinSource, String group, String server, String from, String extra) {
        StringBuilder sb = new StringBuilder();
        sb.append(tool).append(" joined (S,G) = (").append(joinSource).append(',').append(group).append(")\n");
        sb.append(tool.equals("ssmping") ? "pinging S" : "pinging " + server).append(" from ").append(from)
                .append('\n');
        for (int seq = 1; seq <= 2; seq++) {
            sb.append(extra);
            sb.append("  unicast from ").append(server).append(", seq=").append(seq).append(" dist=0 time=T ms\n");
            sb.append(extra);
            sb.append("multicast from ").append(server).append(", seq=").append(seq).append(" dist=0 time=T ms\n");
        }
        sb.append("\n--- ").append(server).append(" statistics ---\n2 packets transmitted, time T ms\nunicast:\n");
        sb.append("   2 packets received, 0% packet loss\n   rtt min/avg/max/std-dev = T ms\nmulticast:\n");
        sb.append("   2 packets received, 0% packet loss since first mc packet (seq 1) recvd\n");
        sb.append("   rtt min/avg/max/std-dev = T ms\n");
        return sb.toString();
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class RealClientsToJcastServer {
        @TempDir
        Path dir;
        Process server;
        Path serverOut;

        @BeforeAll
        void startJcastServer(@TempDir Path serverDir) throws Exception {
            serverOut = serverDir.resolve("ssmpingd.out");
            server = startServer(jcast("ssmpingd"), serverDir, serverOut);
        }

        @AfterAll
        void stopServer() {
            if (server != null) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly();
            }
        }

        @Test
        void ssmpingIpv4() throws Exception {
            String out = runOn(0, List.of("ssmping", "-c", "2", V4_SERVER), 0, dir);
            assertEquals(expected("ssmping", V4_SERVER, "232.43.211.234", V4_SERVER, NetLab.address(0), ""),
                    withoutTimes(out));
            assertTrue(Files.readString(serverOut).contains("received request from " + NetLab.address(0) + "\n"));
        }

        @Test
        void ssmpingIpv6() throws Exception {
            String out = runOn(0, List.of("ssmping", "-6", "-c", "2", V6_SERVER), 0, dir);
            assertEquals(expected("ssmping", V6_SERVER, "ff3e::4321:1234", V6_SERVER, V6_CLIENT, ""),
                    withoutTimes(out));
            assertTrue(Files.readString(serverOut).contains("received request from " + V6_CLIENT + "\n"));
        }

        @Test
        void asmpingIpv4() throws Exception {
            String out = runOn(0, List.of("asmping", "-c", "2", "224.0.1.1", V4_SERVER), 0, dir);
            assertEquals(expected("asmping", "*", "224.0.1.234", V4_SERVER, NetLab.address(0), ""),
                    withoutTimes(out));
        }

        @Test
        void asmpingIpv6() throws Exception {
            String out = runOn(0, List.of("asmping", "-c", "2", "ff3e::1", V6_SERVER), 0, dir);
            assertEquals(expected("asmping", "*", "ff3e::4321:1234", V6_SERVER, V6_CLIENT, ""), withoutTimes(out));
        }

        /** ssmpingd 0.9.1 would pad to 100 bytes and add its version; jcast's server never answers with more. */
        @Test
        void sizeAndVersionRequestsGetNoLargerReply() throws Exception {
            String out = runOn(0, List.of("ssmping", "-v", "-s", "100", "-c", "2", V4_SERVER), 0, dir);
            assertEquals(expected("ssmping", V4_SERVER, "232.43.211.234", V4_SERVER, NetLab.address(0),
                    "Warning, requested packet size 100, got 48\n"), withoutTimes(out));
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class JcastClientsToRealServer {
        @TempDir
        Path dir;
        Process server;

        @BeforeAll
        void startRealServer(@TempDir Path serverDir) throws Exception {
            server = startServer(List.of("ssmpingd"), serverDir, serverDir.resolve("ssmpingd.out"));
        }

        @AfterAll
        void stopServer() {
            if (server != null) {
                server.destroyForcibly();
            }
        }

        /** jcast prints dist=-1 (a JVM cannot read the received TTL) where ssmping prints dist=0 here. */
        private String normalised(String out) {
            assertTrue(out.contains("dist=-1 "), out);
            return withoutTimes(out).replace("dist=-1 ", "dist=0 ");
        }

        @Test
        void ssmpingIpv4() throws Exception {
            String out = runOn(0, jcast("ssmping", "-c", "2", V4_SERVER), 0, dir);
            assertEquals(expected("ssmping", V4_SERVER, "232.43.211.234", V4_SERVER, NetLab.address(0), ""),
                    normalised(out));
        }

        @Test
        void ssmpingIpv6WithVersionAndSize() throws Exception {
            String out = runOn(0, jcast("ssmping", "-6", "-v", "-s", "100", "-c", "2", V6_SERVER), 0, dir);
            String expected = expected("ssmping", V6_SERVER, "ff3e::4321:1234", V6_SERVER, V6_CLIENT, "")
                    .replace("from " + V6_CLIENT + "\n", "from " + V6_CLIENT + "\nServer version: 0.9.1 (20080418) "
                            + "[asm][size]\n");
            assertEquals(expected, normalised(out));
        }

        @Test
        void asmpingIpv4() throws Exception {
            String out = runOn(0, jcast("asmping", "-c", "2", V4_SERVER, "239.1.2.3"), 0, dir);
            assertEquals(expected("asmping", "*", "239.1.2.234", V4_SERVER, NetLab.address(0), ""), normalised(out));
        }

        @Test
        void asmpingIpv6() throws Exception {
            String out = runOn(0, jcast("asmping", "-c", "2", "ff3e::1", V6_SERVER), 0, dir);
            assertEquals(expected("asmping", "*", "ff3e::4321:1234", V6_SERVER, V6_CLIENT, ""), normalised(out));
        }
    }
}
