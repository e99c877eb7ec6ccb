package io.jcast.diag.omping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.testkit.Environment;
import io.jcast.testkit.NetLab;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedding API as the doctor uses it: {@link OmpingSession} started in-process with a list of peers, ended
 * by {@link OmpingSession#stop()}, read through {@link OmpingResult}. One JVM per namespace host runs {@link Node}.
 */
@Tag("netns")
class OmpingSessionIT {
    @TempDir
    Path dir;

    /** Pings the peers for the given time, stops, prints one line per peer: unicast and multicast sent/received. */
    public static final class Node {
        public static void main(String[] args) throws Exception {
            InetAddress local = InetAddress.getByName(args[0]);
            long runMs = Long.parseLong(args[1]);
            List<Peer> peers = new ArrayList<>();
            for (int i = 2; i < args.length; i++) {
                peers.add(Peer.of(InetAddress.getByName(args[i])));
            }
            OmpingConfig config = OmpingConfig.builder(local, peers).intervalMs(100).build();
            OmpingSession session = OmpingSession.start(config, new OmpingListener() { });
            if (session.await(Duration.ofMillis(runMs))) {
                throw new IllegalStateException("ended by itself");
            }
            OmpingResult live = session.snapshot().get(10, TimeUnit.SECONDS);
            session.stop();
            OmpingResult r = session.await();
            for (PeerResult p : r.peers()) {
                System.out.println(p.peer().name() + " " + p.unicast().sent() + " " + p.unicast().received() + " "
                        + p.multicast().received() + " " + p.unicast().lossPercent() + " " + p.unicast().avgMs() + " "
                        + (live.peers().get(0).unicast().received() > 0));
            }
            System.out.println("malformed " + r.counters().get(OmpingCounter.MALFORMED_DATAGRAMS));
        }
    }

    @Test
    void shouldRunInProcessAndStopOnRequest() throws Exception {
        Environment.assumeNamespaceLab();
        try (NetLab lab = NetLab.create(2)) {
            List<Process> processes = new ArrayList<>();
            for (int h = 0; h < 2; h++) {
                processes.add(lab.start(h, List.of("java", "-cp", System.getProperty("java.class.path"),
                        Node.class.getName(), NetLab.address(h), "4000", NetLab.address(1 - h)), dir,
                        dir.resolve("out" + h), dir.resolve("err" + h)));
            }
            for (int h = 0; h < 2; h++) {
                assertTrue(processes.get(h).waitFor(60, TimeUnit.SECONDS));
                String out = Files.readString(dir.resolve("out" + h));
                assertEquals(0, processes.get(h).exitValue(), Files.readString(dir.resolve("err" + h)));
                String[] f = out.lines().findFirst().orElseThrow().split(" ");
                assertEquals(NetLab.address(1 - h), f[0]);
                long sent = Long.parseLong(f[1]);
                long unicast = Long.parseLong(f[2]);
                long multicast = Long.parseLong(f[3]);
                assertTrue(sent >= 10, out);
                // stop() may leave the last Query's Answers in flight
                assertTrue(unicast >= sent - 1 && multicast >= sent - 1, out);
                assertTrue(Double.parseDouble(f[5]) > 0, "an RTT was measured: " + out);
                assertEquals("true", f[6], "snapshot() while running: " + out);
                assertTrue(out.contains("malformed 0"), out);
            }
        }
    }
}
