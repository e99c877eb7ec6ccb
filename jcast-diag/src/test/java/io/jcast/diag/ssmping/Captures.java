package io.jcast.diag.ssmping;

import io.jcast.testkit.Pcap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The Debian ssmping 0.9.1 fixture runs, read from {@code src/test/resources/captures/ssmping}. */
public final class Captures {
    private Captures() {
    }

    public static Path path(String name) {
        URL url = Captures.class.getResource("/captures/ssmping/" + name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static List<Pcap.Datagram> udp(String pcap) {
        try {
            return Pcap.readUdp(path(pcap));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        try {
            return Files.readString(path(name), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
