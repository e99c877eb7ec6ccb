package io.jcast.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built .deb as a user gets it: its control fields and file list, its maintainer scripts, its unit file, and
 * the unit's ExecStart run from the unpacked tree until the web UI answers. The package is unpacked into a temporary
 * directory with dpkg-deb, never installed: this must not change the machine it runs on. The service runs as the
 * test's user (creating the jcast user is postinst's part, which a real install runs) on a free loopback port.
 */
@Tag("package")
class DebPackageIT {
    @TempDir
    static Path tmp;
    static Path deb;
    static Path root;

    @BeforeAll
    static void unpack() throws Exception {
        boolean dpkg = onPath("dpkg-deb");
        if (!dpkg) {
            System.out.println("DebPackageIT skipped: dpkg-deb is not installed (Debian's dpkg package)");
        }
        assumeTrue(dpkg, "dpkg-deb is not installed");
        try (Stream<Path> built = Files.list(Path.of(System.getProperty("jcast.deb.dir", "target")))) {
            deb = built.filter(p -> p.getFileName().toString().matches("jcast_.*_all\\.deb")).findFirst().orElseThrow();
        }
        root = tmp.resolve("root");
        run("dpkg-deb", "-x", deb.toString(), root.toString());
    }

    @Test
    void controlFieldsDependOnAJava17Runtime() throws Exception {
        String depends = run("dpkg-deb", "-f", deb.toString(), "Depends");
        assertTrue(depends.contains("default-jre-headless (>= 2:1.17) | java17-runtime-headless"), depends);
        assertEquals("jcast", run("dpkg-deb", "-f", deb.toString(), "Package").strip());
        assertEquals("all", run("dpkg-deb", "-f", deb.toString(), "Architecture").strip());
    }

    @Test
    void fileListKeepsTheDropInsOutOfUsrBin() throws Exception {
        // "-rwxr-xr-x root/root 702 2026-12-07 12:58 ./usr/bin/jcast" -> path to mode and owner
        Map<String, String> files = run("dpkg-deb", "-c", deb.toString()).lines()
                .map(l -> l.split("\\s+"))
                .collect(Collectors.toMap(f -> f[5].substring(1), f -> f[0] + " " + f[1]));
        Map<String, String> expected = Map.of(
                "/usr/bin/jcast", "-rwxr-xr-x root/root",
                "/usr/share/jcast/jcast.jar", "-rw-r--r-- root/root",
                "/usr/lib/jcast/bin/udp-sender", "-rwxr-xr-x root/root",
                "/usr/lib/jcast/bin/udp-receiver", "-rwxr-xr-x root/root",
                "/lib/systemd/system/jcast.service", "-rw-r--r-- root/root",
                "/usr/share/man/man1/jcast.1.gz", "-rw-r--r-- root/root",
                "/usr/share/man/man1/udp-sender.1.gz", "-rw-r--r-- root/root",
                "/usr/share/man/man1/udp-receiver.1.gz", "-rw-r--r-- root/root",
                "/usr/share/doc/jcast/copyright", "-rw-r--r-- root/root");
        expected.forEach((path, modeOwner) -> assertEquals(modeOwner, files.get(path), path));
        List<String> inUsrBin = files.keySet().stream().filter(p -> p.startsWith("/usr/bin/") && !p.endsWith("/"))
                .toList();
        assertEquals(List.of("/usr/bin/jcast"), inUsrBin, "only the launcher: Debian's udpcast owns udp-*");
    }

    @Test
    void manPagesComeFromThePicocliDefinitions() throws Exception {
        Path man = root.resolve("usr/share/man/man1");
        String jcast = gunzip(man.resolve("jcast.1.gz"));
        assertTrue(jcast.startsWith(".TH JCAST 1 "), jcast.substring(0, 40));
        for (String command : List.of("jcast serve", "jcast send", "jcast receive", "jcast doctor")) {
            assertTrue(jcast.contains(".SS \"" + ManPages.roff(command) + "\""), command);
        }
        assertTrue(jcast.contains("\\fB\\-\\-data\\-dir\\fR"), "serve's --data-dir");
        assertTrue(gunzip(man.resolve("udp-sender.1.gz")).contains("\\fB\\-\\-portbase\\fR"), "udp-sender --portbase");
        assertTrue(gunzip(man.resolve("udp-receiver.1.gz")).startsWith(".TH UDP-RECEIVER 1 "), "udp-receiver.1");
    }

    @Test
    void maintainerScriptsParse() throws Exception {
        Path control = tmp.resolve("control");
        run("dpkg-deb", "-e", deb.toString(), control.toString());
        for (String script : List.of("postinst", "prerm", "postrm")) {
            run("sh", "-n", control.resolve(script).toString());
        }
        assertTrue(Files.readString(control.resolve("postinst")).contains("adduser --system --group"),
                "postinst creates the jcast system user");
    }

    /**
     * A first install's configure step, with PATH holding only stubs that log their arguments: nothing of the host's
     * runs, so no user is created and no service enabled here.
     */
    @Test
    void postinstCreatesTheUserAndEnablesTheUnit() throws Exception {
        Path control = Files.createDirectories(tmp.resolve("postinst"));
        run("dpkg-deb", "-e", deb.toString(), control.resolve("DEBIAN").toString());
        Path stubs = Files.createDirectories(control.resolve("stubs"));
        Path calls = control.resolve("calls");
        for (String command : List.of("getent", "adduser", "deb-systemd-helper", "systemctl")) {
            // getent answers "no such user", like on a system that never had jcast
            Path stub = Files.writeString(stubs.resolve(command), "#!/bin/sh\necho \"${0##*/} $*\" >> '" + calls
                    + "'\n" + (command.equals("getent") ? "exit 2\n" : ""));
            stub.toFile().setExecutable(true);
        }
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", control.resolve("DEBIAN/postinst").toString(), "configure");
        pb.environment().put("PATH", stubs.toString());
        Process postinst = pb.redirectErrorStream(true).start();
        String out = output(postinst);
        assertEquals(0, postinst.exitValue(), out);
        List<String> logged = Files.readAllLines(calls);
        assertEquals("getent passwd jcast", logged.get(0));
        assertEquals("adduser --system --group --home /var/lib/jcast --no-create-home --gecos jcast session manager "
                + "jcast", logged.get(1));
        assertEquals("deb-systemd-helper enable jcast.service", logged.get(2));
        boolean systemd = Files.isDirectory(Path.of("/run/systemd/system"));
        assertEquals(systemd ? List.of("systemctl daemon-reload", "systemctl start jcast.service") : List.of(),
                logged.subList(3, logged.size()), "systemctl only where systemd runs");
    }

    /**
     * postrm purge on a /var/lib that is a tmpfs in a private mount namespace (as root, util-linux unshare): the real
     * /var/lib is never seen. The database and the password go, the images stay.
     */
    @Test
    void purgeKeepsTheImages() throws Exception {
        boolean root = run("id", "-u").strip().equals("0");
        boolean unshare = onPath("unshare");
        if (!root || !unshare) {
            System.out.println("DebPackageIT.purgeKeepsTheImages skipped: needs root and unshare (a private /var/lib)");
        }
        assumeTrue(root && unshare, "needs root and unshare");
        Path control = Files.createDirectories(tmp.resolve("purge"));
        run("dpkg-deb", "-e", deb.toString(), control.resolve("DEBIAN").toString());
        Path stubs = Files.createDirectories(control.resolve("stubs"));
        for (String command : List.of("deb-systemd-helper", "systemctl")) {
            Files.writeString(stubs.resolve(command), "#!/bin/sh\n").toFile().setExecutable(true);
        }
        String script = "set -e; mount -t tmpfs jcast-test /var/lib; cd /var/lib; mkdir -p jcast/images;"
                + " echo db > jcast/jcast.mv.db; echo pw > jcast/initial-admin-password; echo image > jcast/images/a.img;"
                + " PATH=" + stubs + ":$PATH sh " + control.resolve("DEBIAN/postrm") + " purge; find /var/lib/jcast";
        String left = run("unshare", "--mount", "--propagation", "private", "sh", "-c", script);
        assertEquals(List.of("/var/lib/jcast", "/var/lib/jcast/images", "/var/lib/jcast/images/a.img"),
                left.lines().sorted().toList());
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        boolean analyze = onPath("systemd-analyze");
        if (!analyze) {
            System.out.println("DebPackageIT.systemdAcceptsTheUnit skipped: systemd-analyze is not installed");
        }
        assumeTrue(analyze, "systemd-analyze is not installed");
        // A copy whose ExecStart names the unpacked launcher: verify checks that the command exists.
        Path dir = Files.createDirectories(tmp.resolve("unit"));
        Path unit = Files.writeString(dir.resolve("jcast.service"),
                Files.readString(unitFile()).replace("ExecStart=/", "ExecStart=" + root + "/"));
        run("systemd-analyze", "verify", "--man=no", unit.toString());
    }

    @Test
    void unitStartsTheManagerAndTheUiAnswers() throws Exception {
        List<String> unit = Files.readAllLines(unitFile());
        assertTrue(unit.contains("StateDirectory=jcast"), "state in /var/lib/jcast");
        assertTrue(unit.contains("Restart=on-failure"));
        assertTrue(unit.contains("User=jcast"));
        List<String> execStart = Arrays.asList(value(unit, "ExecStart").split(" "));
        assertFalse(execStart.stream().anyMatch(t -> t.matches(".*[\"'$%\\\\].*")),
                "this test splits ExecStart on spaces: no quoting, variables or specifiers " + execStart);
        assertEquals("127.0.0.1", execStart.get(execStart.indexOf("--bind") + 1), "the unit serves this host only");
        assertEquals("/var/lib/jcast", execStart.get(execStart.indexOf("--data-dir") + 1), "data in StateDirectory=");

        // What systemd would run, with every absolute path moved into the unpacked tree and a free port.
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        for (String token : execStart) {
            command.add(token.startsWith("/") ? root + token : token);
        }
        command.set(execStart.indexOf("--port") + 1, Integer.toString(port));
        Path state = Files.createDirectories(root.resolve("var/lib/jcast")); // StateDirectory=
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("serve.log").toFile());
        // The launcher runs the first java on PATH: this test's.
        pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        Process serve = pb.start();
        try {
            HttpResponse<String> page = fetchWhenUp(URI.create("http://127.0.0.1:" + port + "/"), serve);
            assertEquals(200, page.statusCode(), page.body());
            assertTrue(page.body().contains("<title>jcast"), page.body());
            assertTrue(Files.exists(state.resolve("initial-admin-password")), "the admin password went to --data-dir");
        } finally {
            serve.destroy(); // SIGTERM, as systemctl stop
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "jcast serve stops on SIGTERM");
        }
        List<String> clean = new ArrayList<>(List.of("0"));
        clean.addAll(Arrays.asList(value(unit, "SuccessExitStatus").split(" ")));
        assertTrue(clean.contains(Integer.toString(serve.exitValue())),
                "exit " + serve.exitValue() + " is a clean stop for systemd: " + Files.readString(tmp.resolve("serve.log")));
    }

    @Test
    void dropInsRunTheFrontEnds() throws Exception {
        for (String dropIn : List.of("udp-sender", "udp-receiver")) {
            ProcessBuilder pb = new ProcessBuilder(root.resolve("usr/lib/jcast/bin/" + dropIn).toString(), "--help");
            pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
            String help = output(pb.redirectErrorStream(true).start());
            assertTrue(help.contains("Usage: " + dropIn), help);
        }
    }

    private static HttpResponse<String> fetchWhenUp(URI uri, Process serve) throws Exception {
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90); // a JVM start on a busy CI machine
        while (true) {
            try {
                return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                assertTrue(serve.isAlive(), () -> "jcast serve exited: " + log());
                assertTrue(System.nanoTime() < deadline, () -> "no answer on " + uri + ": " + log());
                Thread.sleep(200);
            }
        }
    }

    private static String log() {
        try {
            return Files.readString(tmp.resolve("serve.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static Path unitFile() {
        return root.resolve("lib/systemd/system/jcast.service");
    }

    private static String value(List<String> unit, String key) {
        return unit.stream().filter(l -> l.startsWith(key + "=")).findFirst().orElseThrow()
                .substring(key.length() + 1).strip();
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    /** Runs a command, fails on a non-zero exit, returns its standard output. */
    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = output(p);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed: " + out);
        return out;
    }

    private static String output(Process p) throws Exception {
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "still running");
        return out;
    }
}
