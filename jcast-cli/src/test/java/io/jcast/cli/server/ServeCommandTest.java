package io.jcast.cli.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.cli.JcastCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code jcast serve} refuses bad options with one line and exit code 2, before listening on anything. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int jcast(String... args) {
        CommandLine cl = JcastCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void badOptionsExitWithUsage() {
        assertEquals(2, jcast("serve", "--data-dir", dir.toString(), "--port", "70000"));
        assertTrue(err.toString().contains("--port must be 0..65535"), err.toString());
        assertEquals(2, jcast("serve", "--data-dir", dir.toString(), "--db-url", "jdbc:mysql://x/y"));
        assertTrue(err.toString().contains("unsupported database URL"), err.toString());
        assertEquals(3, jcast("serve", "--data-dir", dir.toString(), "--admin-password-file",
                dir.resolve("missing").toString()));
        assertEquals(2, jcast("serve", "--no-such-option"));
    }
}
