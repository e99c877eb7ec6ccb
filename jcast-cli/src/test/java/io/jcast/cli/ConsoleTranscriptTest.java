package io.jcast.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.transfer.TransferEvent;
import io.jcast.transfer.TransferProgress;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays the events of the recorded udpcast runs and compares stderr byte for byte with the real binaries'. */
class ConsoleTranscriptTest {
    private static final String BANNER_SENDER = "Udp-sender 20120424 (jcast " + VersionProvider.version() + ")";
    private static final String BANNER_RECEIVER = "Udp-receiver 20120424 (jcast " + VersionProvider.version() + ")";

    private final StringWriter err = new StringWriter();

    @Test
    void senderFullDuplexRun() throws IOException {
        ConsoleOutput out = ConsoleOutput.open(new PrintWriter(err), null);
        ConsoleListener l = ConsoleListener.sender(out, true, ConsoleListener.Progress.STAT_LINES, 1456, Duration.ZERO, System.err);
        out.stderr(BANNER_SENDER);
        l.onEvent(new TransferEvent.FullDuplex());
        l.onEvent(new TransferEvent.DataAddress(ip("234.214.0.1")));
        l.onEvent(new TransferEvent.SenderOpened(Path.of("input_100000.bin"), false, ip("10.214.0.1"), "va"));
        l.onEvent(new TransferEvent.ControlAddress(ip("10.214.0.255")));
        l.onEvent(new TransferEvent.ReceiverJoined(0, ip("10.214.0.2"), 0x09));
        l.onEvent(new TransferEvent.TransferStarting(0x09));
        l.onProgress(new TransferProgress(100_000, 100_000, 1e6, 0, 112, 1_000_000, List.of(), true));
        l.onEvent(new TransferEvent.TransferComplete());
        l.onEvent(new TransferEvent.ReceiverLeft(0, ip("10.214.0.2")));
        out.raw("\n");
        assertEquals(fixture("fullduplex_sender.stderr").replace("Udp-sender 20120424\n", BANNER_SENDER + "\n"),
                err.toString());
    }

    @Test
    void senderAsyncFecRun() throws IOException {
        ConsoleOutput out = ConsoleOutput.open(new PrintWriter(err), null);
        ConsoleListener l = ConsoleListener.sender(out, true, ConsoleListener.Progress.STAT_LINES, 1456, Duration.ZERO, System.err);
        out.stderr("stripes=8 redund=8 stripesize=64");
        out.stderr(BANNER_SENDER);
        l.onEvent(new TransferEvent.DataAddress(ip("234.214.0.1")));
        l.onEvent(new TransferEvent.SenderOpened(Path.of("input_100000.bin"), false, ip("10.214.0.1"), "va"));
        l.onEvent(new TransferEvent.ControlAddress(ip("10.214.0.255")));
        l.onEvent(new TransferEvent.TransferStarting(0x29));
        l.onProgress(new TransferProgress(100_000, 100_000, 1e6, 0, 512, 1_000_000, List.of(), true));
        l.onEvent(new TransferEvent.TransferComplete());
        out.raw("\n");
        assertEquals(fixture("async_fec8x8_64_10m_sender.stderr").replace("Udp-sender 20120424\n", BANNER_SENDER + "\n"),
                err.toString());
    }

    @Test
    void receiverRun() throws IOException {
        ConsoleOutput out = ConsoleOutput.open(new PrintWriter(err), null);
        ConsoleListener l = ConsoleListener.receiver(out, true, ConsoleListener.Progress.STAT_LINES, System.err);
        out.stderr(BANNER_RECEIVER);
        l.onEvent(new TransferEvent.ReceiverOpened(Path.of("fullduplex_received.bin"), false, ip("10.214.0.2"), "vb"));
        l.onEvent(new TransferEvent.SenderCapabilities(0x09));
        l.onEvent(new TransferEvent.Connected(0, ip("10.214.0.1")));
        l.onEvent(new TransferEvent.ListeningTo(ip("234.214.0.1")));
        l.onProgress(new TransferProgress(99_008, -1, 0, 0, 0, 597_000, List.of(), false));
        l.onProgress(new TransferProgress(100_000, -1, 0, 0, 0, 502_000_000, List.of(), true));
        l.onEvent(new TransferEvent.TransferComplete());
        assertEquals(fixture("fullduplex_receiver.stderr").replace("Udp-receiver 20120424\n", BANNER_RECEIVER + "\n"),
                err.toString());
    }

    @Test
    void withoutBellForJcastCommandsAndNoProgress() throws IOException {
        ConsoleOutput out = ConsoleOutput.open(new PrintWriter(err), null);
        ConsoleListener l = ConsoleListener.receiver(out, false, ConsoleListener.Progress.NONE, System.err);
        l.onProgress(new TransferProgress(100_000, -1, 0, 0, 0, 502_000_000, List.of(), true));
        l.onEvent(new TransferEvent.TransferComplete());
        assertEquals("Transfer complete.\n", err.toString());
    }

    @Test
    void logFileTakesInformationalMessagesWithTimestamps(@TempDir Path dir) throws IOException {
        Path log = dir.resolve("sender.log");
        try (ConsoleOutput out = ConsoleOutput.open(new PrintWriter(err), log)) {
            ConsoleListener l = ConsoleListener.sender(out, true, ConsoleListener.Progress.STAT_LINES, 1456,
                    Duration.ofSeconds(1), System.err);
            l.onEvent(new TransferEvent.FullDuplex());
            l.onEvent(new TransferEvent.DataAddress(ip("234.214.0.1")));
            l.onEvent(new TransferEvent.ReceiverJoined(0, ip("10.214.0.2"), 0x09));
            l.onEvent(new TransferEvent.TransferStarting(0x09));
            l.onProgress(new TransferProgress(2_500_000, -1, 0, 0, 112, 2_000_000_000L, List.of(), false));
            l.onEvent(new TransferEvent.TransferComplete());
        }
        // plain-stderr messages and stat lines stay; with a log there is no newline before the next message
        assertEquals("Using full duplex mode\nNew connection from 10.214.0.2  (#0) 00000009\n"
                + "bytes=  2 500 000  re-xmits=0000000 (  0.0%) slice=0112 -   0\r", err.toString());
        List<String> lines = Files.readAllLines(log);
        assertEquals(4, lines.size(), lines.toString());
        String time = "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} ";
        assertTrue(lines.get(0).matches(time + "Using mcast address 234\\.214\\.0\\.1"), lines.get(0));
        assertTrue(lines.get(1).matches(time + "Starting transfer: 00000009"), lines.get(1));
        assertTrue(lines.get(2).matches(time + "Inst BW=10\\.000000"), lines.get(2));
        assertTrue(lines.get(3).matches(time + "Transfer complete\\.\u0007"), lines.get(3));
    }

    private static InetAddress ip(String address) {
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(address, e);
        }
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = ConsoleTranscriptTest.class.getResourceAsStream("/captures/udpcast/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
