package io.jcast.cli.interop;

import static io.jcast.cli.interop.Programs.awaitStderr;
import static io.jcast.cli.interop.Programs.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.jcast.cli.interop.Programs.Started;
import io.jcast.testkit.Environment;
import io.jcast.testkit.NetLab;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * udpcast's lost join handshake (udpcast-protocol.md §10.1.3) on the wire: the first CONNECT_REPLY to one of
 * Debian's udp-receivers is dropped by nftables in its namespace. udp-receiver asks again only when it hears a
 * HELLO, and FOG passes no --rexmit-hello-interval: jcast's sender must repeat HELLO by itself, answer the new
 * CONNECT_REQ once (a second reply to a connected udp-receiver prints "Unexpected opcode 0700") and let it join.
 */
@Tag("netns")
class LostConnectReplyIT {
    private static final int BYTES = 2_000_000;
    /** FOG sets a cap; the unshaped cases are UdpReceiverReliabilityIT's. */
    private static final String RATE = "100m";
    private static final Pattern DROPPED = Pattern.compile("counter packets (\\d+)");

    @TempDir
    Path dir;
    private NetLab lab;
    private Path input;

    @BeforeEach
    void lab() throws Exception {
        Environment.assumeNamespaceLab();
        Environment.assumePrograms("udpcast", "udp-receiver");
        lab = NetLab.create(4);
        input = Programs.input(dir, BYTES);
    }

    @AfterEach
    void close() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void oneOfThreeLosesItsFirstConnectReply() throws Exception {
        transferWithLostReply(3);
    }

    /** Alone it gets the data unicast (automatic point-to-point) while it still looks for the sender. */
    @Test
    void theOnlyReceiverLosesItsFirstConnectReply() throws Exception {
        transferWithLostReply(1);
    }

    private void transferWithLostReply(int count) throws Exception {
        dropFirstConnectReply(1);
        List<Started> receivers = new ArrayList<>();
        for (int host = 1; host <= count; host++) {
            Path out = dir.resolve("out" + host + ".bin");
            receivers.add(Programs.start(lab, host, "udp-receiver" + host, List.of("udp-receiver", "--nokbd",
                    "--interface", NetLab.INTERFACE, "--file", out.toString()), dir, out));
        }
        for (Started r : receivers) {
            awaitStderr(r, "UDP receiver for", 10);
        }
        Started sender = Programs.start(lab, 0, "jcast-udp-sender", Programs.jcast("udp-sender", "--nokbd",
                "--interface", NetLab.INTERFACE, "--file", input.toString(), "--max-bitrate", RATE, "--min-receivers",
                Integer.toString(count)), dir, null);
        String expected = sha256(input);
        for (Started r : receivers) {
            r.assertExit(0, 60, sender);
            assertEquals(expected, sha256(r.output()), r.name() + " output differs; stderr:\n" + r.stderrText());
            assertFalse(r.stderrText().contains("Unexpected opcode"), r.name() + " got a second CONNECT_REPLY:\n"
                    + r.stderrText());
        }
        sender.assertExit(0, 30);
        assertEquals(1, droppedReplies(1), "the rule must have removed exactly one CONNECT_REPLY");
        assertFalse(sender.stderrText().contains("Dropping client"), "it joined late rather than being dropped:\n"
                + sender.stderrText());
    }

    /**
     * In {@code host}'s namespace, drops the first datagram from the sender's port whose payload starts with
     * CONNECT_REPLY's opcode 00 07. The quota lets through everything after the first 100 bytes it has seen (a
     * CONNECT_REPLY is a 60-byte IP packet); the counter after it counts only what was dropped.
     */
    private void dropFirstConnectReply(int host) throws Exception {
        lab.exec(host, "nft", "add", "table", "inet", "jcastreply");
        lab.exec(host, "nft", "add", "chain", "inet", "jcastreply", "in", "{ type filter hook input priority -10; }");
        lab.exec(host, "nft", "add", "rule", "inet", "jcastreply", "in", "udp", "sport", "9001", "@th,64,16",
                "0x0007", "quota", "until", "100", "bytes", "counter", "drop");
    }

    private int droppedReplies(int host) throws Exception {
        String rules = lab.exec(host, "nft", "list", "chain", "inet", "jcastreply", "in");
        Matcher m = DROPPED.matcher(rules);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }
}
