package io.jcast.diag.doctor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the local checks read: the {@code /proc} and {@code /sys} roots and a command runner. Production uses
 * {@link #real()}; tests point the roots at fake trees and script the commands.
 */
public record LocalSystem(Path proc, Path sys, CommandRunner commands, boolean root) {
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    public static LocalSystem real() {
        return new LocalSystem(Path.of("/proc"), Path.of("/sys"), new ProcessCommandRunner(),
                "root".equals(System.getProperty("user.name")));
    }

    /** The trimmed content of a file under {@code /proc} or {@code /sys}, or empty if it cannot be read. */
    Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    Optional<Integer> readInt(Path file) {
        return read(file).flatMap(s -> {
            try {
                return Optional.of(s.startsWith("0x") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    Path netDevice(String name) {
        return sys.resolve("class/net").resolve(name);
    }

    boolean interfaceExists(String name) {
        return !name.contains("/") && Files.isDirectory(netDevice(name));
    }

    CommandRunner.Result run(String... command) {
        return commands.run(COMMAND_TIMEOUT, List.of(command));
    }
}
