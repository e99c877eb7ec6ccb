package io.jcast.diag.omping;

import io.jcast.testkit.Pcap;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The omping fixtures copied from shared/fixtures/omping into the test resources. */
final class Captures {
    static final List<String> RUNS = List.of("ipv4_default", "ipv6_default", "ipv4_m239_p5000", "ipv4_peer_absent",
            "ipv4_late_peer");

    private Captures() {
    }

    static Path path(String name) {
        URL url = Captures.class.getResource("/captures/omping/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Pcap.Datagram> datagrams(String run) {
        try {
            return Pcap.readUdp(path(run + ".pcap"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/captures/omping/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
