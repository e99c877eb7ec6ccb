package io.jcast.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.cli.JcastCommand;
import io.jcast.server.JcastServer;
import io.jcast.server.ServerConfig;
import io.jcast.server.session.SenderFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jcast session} against a service on 127.0.0.1 (sessions scheduled in the future: no sender runs). */
class SessionCommandIT {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int jcast(String... args) {
        CommandLine cl = JcastCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void createListCancel() throws Exception {
        Path images = dir.resolve("images");
        Files.createDirectories(images);
        Files.write(images.resolve("disk.img"), new byte[100]);
        Path pw = dir.resolve("pw");
        Files.writeString(pw, "admin-pass-1\n");
        try (JcastServer server = JcastServer.start(ServerConfig.defaults(dir.resolve("data")).withPort(0)
                .withImageRoot(images).withAdminPassword("admin-pass-1"), SenderFactory.ENGINE)) {
            String url = server.url();
            assertEquals(0, jcast("session", "create", "--server", url, "--password-file", pw.toString(),
                    "--name", "lab1", "--image", "disk.img", "--expected", "3", "--start-at",
                    "2099-01-01T00:00:00Z"), err.toString());
            String id = out.toString().trim().split(" ")[0];
            assertTrue(out.toString().contains("lab1 QUEUED"), out.toString());
            assertEquals(0, jcast("session", "list", "--server", url));
            assertTrue(out.toString().contains("lab1"));
            assertEquals(2, jcast("session", "create", "--server", url, "--password-file", pw.toString(),
                    "--name", "bad name", "--image", "disk.img"));
            assertTrue(err.toString().contains("name: 1-64"), err.toString());
            assertEquals(1, jcast("session", "cancel", "--server", url, id));
            assertTrue(err.toString().contains("authentication required"), err.toString());
            assertEquals(0, jcast("session", "cancel", "--server", url, "--password-file", pw.toString(), id));
            assertTrue(out.toString().contains("lab1 CANCELLED"));
            assertEquals(1, jcast("session", "start", "--server", url, "--password-file", pw.toString(), id));
        }
        assertEquals(4, jcast("session", "list", "--server", "http://127.0.0.1:1/"));
    }
}
