package io.jcast.cli;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * udpcast's keyboard console: one key press starts the transfer, {@code q} cancels it. The terminal
 * is put into non-canonical, no-echo mode with {@code stty} for the duration and restored on close.
 */
public final class Keyboard implements AutoCloseable {
    private static final File TTY = new File("/dev/tty");

    private final InputStream keys;
    private final String savedMode;

    private Keyboard(InputStream keys, String savedMode) {
        this.keys = keys;
        this.savedMode = savedMode;
    }

    /**
     * Opens the keyboard, or returns null when there is none: reads stdin when it is a terminal, or
     * {@code /dev/tty} when stdin carries the data ({@code fromTty}).
     */
    public static Keyboard open(boolean fromTty) {
        try {
            InputStream keys;
            if (fromTty) {
                keys = new FileInputStream(TTY);
            } else if (isTerminal(0)) {
                keys = System.in;
            } else {
                return null;
            }
            String saved = stty("-g").trim();
            stty("-icanon", "-echo", "min", "1");
            return new Keyboard(keys, saved);
        } catch (IOException e) {
            return null;
        }
    }

    /** True when this process's file descriptor 0 or 2 is a terminal (asks {@code test -t}, inheriting it). */
    public static boolean isTerminal(int fd) {
        ProcessBuilder pb = new ProcessBuilder("test", "-t", Integer.toString(fd));
        if (fd == 0) {
            pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
        } else {
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        }
        try {
            Process p = pb.start();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads keys on a daemon thread: the first key other than {@code q} runs {@code start}; {@code q} runs {@code quit}. */
    public void listen(Runnable start, Runnable quit) {
        Thread t = new Thread(() -> {
            boolean started = false;
            try {
                int c;
                while ((c = keys.read()) >= 0) {
                    if (c == 'q') {
                        quit.run();
                        return;
                    }
                    if (!started) {
                        started = true;
                        start.run();
                    }
                }
            } catch (IOException e) {
                // the terminal went away: nothing left to listen to
            }
        }, "jcast-keyboard");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        try {
            stty(savedMode);
        } catch (IOException e) {
            // the terminal is gone; nothing to restore
        }
    }

    private static String stty(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectInput(TTY).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("stty failed");
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
