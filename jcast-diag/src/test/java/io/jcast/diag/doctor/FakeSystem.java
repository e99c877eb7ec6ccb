package io.jcast.diag.doctor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A fake /proc and /sys under a temporary directory, and scripted command output. */
final class FakeSystem {
    final Path proc;
    final Path sys;
    private final Map<String, CommandRunner.Result> commands = new HashMap<>();
    final Map<String, Duration> timeouts = new HashMap<>();

    FakeSystem(Path root) {
        this.proc = root.resolve("proc");
        this.sys = root.resolve("sys");
    }

    /** An interface: flags in hex (0x1003 = UP, BROADCAST, MULTICAST), operstate, MTU, ARPHRD type. */
    FakeSystem device(String name, int flags, String operstate, int mtu, int type) {
        write(sys.resolve("class/net/" + name + "/flags"), String.format("0x%x", flags));
        write(sys.resolve("class/net/" + name + "/operstate"), operstate);
        write(sys.resolve("class/net/" + name + "/mtu"), Integer.toString(mtu));
        write(sys.resolve("class/net/" + name + "/type"), Integer.toString(type));
        return this;
    }

    FakeSystem file(String path, String content) {
        write(path.startsWith("proc/") ? proc.resolve(path.substring(5)) : sys.resolve(path.substring(4)), content);
        return this;
    }

    FakeSystem command(String command, int exit, String stdout) {
        commands.put(command, new CommandRunner.Result(exit, stdout, exit == 0 ? "" : stdout, false));
        return this;
    }

    FakeSystem command(String command, CommandRunner.Result result) {
        commands.put(command, result);
        return this;
    }

    LocalSystem system(boolean root) {
        return new LocalSystem(proc, sys, (timeout, command) -> {
            String key = String.join(" ", command);
            timeouts.put(key, timeout);
            return commands.getOrDefault(key, new CommandRunner.Result(CommandRunner.NOT_FOUND, "", "", false));
        }, root);
    }

    LocalChecks checks(boolean root) {
        return new LocalChecks(system(root));
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String resource(String name) {
        try (var in = FakeSystem.class.getResourceAsStream("/doctor/" + name)) {
            return new String(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> words(String s) {
        return List.of(s.split(" "));
    }
}
