package io.jcast.diag.doctor;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs real programs. Looks in {@code /usr/sbin} and {@code /sbin} too: {@code ip} and {@code nft} live there. */
public final class ProcessCommandRunner implements CommandRunner {
    @Override
    public Result run(Duration timeout, List<String> command) {
        Optional<Path> program = locate(command.get(0));
        if (program.isEmpty()) {
            return new Result(NOT_FOUND, "", command.get(0) + ": not installed", false);
        }
        List<String> full = new ArrayList<>(command);
        full.set(0, program.get().toString());
        Process process;
        try {
            process = new ProcessBuilder(full).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            return new Result(NOT_FOUND, "", command.get(0) + ": " + e.getMessage(), false);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        boolean timedOut = false;
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(2, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            timedOut = true;
        }
        int exit = process.isAlive() ? -1 : process.exitValue();
        return new Result(exit, out.join(), err.join(), timedOut);
    }

    /** Reads a pipe to its end on a thread of its own (not the common pool, which callers may occupy). */
    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("");
            }
        }, "doctor-command-output");
        t.setDaemon(true);
        t.start();
        return text;
    }

    private static Optional<Path> locate(String program) {
        if (program.contains("/")) {
            return Optional.of(Path.of(program)).filter(Files::isExecutable);
        }
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin")
                .split(File.pathSeparator)));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().map(d -> Path.of(d, program)).filter(Files::isExecutable).findFirst();
    }
}
