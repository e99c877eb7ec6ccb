package io.jcast.cli.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcast.cli.interop.Programs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One partition stream as FOG's multicast server sends it: a 128-byte record naming the image file,
 * {@code printf 'FOGMC1 %-120s\n' NAME} ("FOGMC1 ", the name padded with spaces to 120 characters, a newline), then
 * the compressed image. FOS reads the record off the receiver's output and pipes the rest into the decompressor.
 * jcast must pass the stream through byte for byte.
 *
 * @param name       the image file's name: the stream's file name and the name in its header
 * @param original   the uncompressed image
 * @param stream     header and compressed image: what is sent
 * @param decompress the consumer, reading the compressed image on stdin ({@code gzip -dc}, {@code zstd -dc})
 */
record FogStream(String name, Path original, Path stream, List<String> decompress) {
    static final int HEADER = 128;

    /** FOG's record for {@code name}. */
    static byte[] header(String name) {
        byte[] h = String.format("FOGMC1 %-120s\n", name).getBytes(StandardCharsets.US_ASCII);
        if (h.length != HEADER) {
            throw new IllegalArgumentException("a FOGMC1 record holds a name of at most 120 characters: " + name);
        }
        return h;
    }

    /**
     * Writes {@code dir/NAME} (the stream) and {@code dir/../NAME.raw} (the image): {@code bytes} of an image that
     * compresses in part, as a disk does (random blocks between runs of text), compressed with {@code compress}.
     */
    static FogStream create(Path dir, String name, int bytes, List<String> compress, List<String> decompress)
            throws IOException, InterruptedException {
        Random random = new Random(name.hashCode());
        byte[] image = new byte[bytes];
        byte[] text = ("partition " + name + " ").repeat(64).getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at < bytes; at += 65_536) {
            int n = Math.min(65_536, bytes - at);
            if ((at / 65_536) % 2 == 0) {
                byte[] block = new byte[n];
                random.nextBytes(block);
                System.arraycopy(block, 0, image, at, n);
            } else {
                for (int i = 0; i < n; i++) {
                    image[at + i] = text[i % text.length];
                }
            }
        }
        Path original = Files.write(dir.resolveSibling(name + ".raw"), image);
        Path compressed = dir.resolveSibling(name + ".compressed");
        run(compress, original, compressed);
        Path stream = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(stream); InputStream in = Files.newInputStream(compressed)) {
            out.write(header(name));
            in.transferTo(out);
        }
        return new FogStream(name, original, stream, decompress);
    }

    static FogStream gzip(Path dir, String name, int bytes) throws IOException, InterruptedException {
        return create(dir, name, bytes, List.of("gzip", "-c", "-n"), List.of("gzip", "-dc"));
    }

    static FogStream zstd(Path dir, String name, int bytes) throws IOException, InterruptedException {
        return create(dir, name, bytes, List.of("zstd", "-q", "-c"), List.of("zstd", "-q", "-dc"));
    }

    /**
     * The shell a FOS-like consumer runs behind a receiver: the record into {@code header} (dd reads a byte at a time,
     * so not one byte of the image goes with it), the rest through the decompressor into {@code image}.
     */
    String consumer(Path header, Path image) {
        return "{ dd bs=1 count=" + HEADER + " of=" + header + " 2>/dev/null; " + String.join(" ", decompress)
                + " > " + image + "; }";
    }

    /** What a consumer wrote: the header must be this stream's record, the image must hash as the original. */
    void assertConsumed(Path header, Path image, String who) throws IOException {
        assertArrayEquals(header(name), Files.readAllBytes(header), who + ": the header of " + name);
        assertEquals(Programs.sha256(original), Programs.sha256(image), who + ": the image of " + name);
    }

    /** A receiver's raw output, split as FOS splits it: header checked, the rest decompressed and compared. */
    void assertReceived(Path received, String who) throws IOException, InterruptedException {
        byte[] all = Files.readAllBytes(received);
        assertEquals(Files.size(stream), all.length, who + ": the size of " + name);
        Path header = received.resolveSibling(received.getFileName() + ".header");
        Path rest = received.resolveSibling(received.getFileName() + ".payload");
        Files.write(header, Arrays.copyOf(all, HEADER));
        Files.write(rest, Arrays.copyOfRange(all, HEADER, all.length));
        Path image = received.resolveSibling(received.getFileName() + ".image");
        run(decompress, rest, image);
        assertConsumed(header, image, who);
    }

    private static void run(List<String> command, Path in, Path out) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int code = p.waitFor();
        if (code != 0) {
            throw new IOException(String.join(" ", command) + " < " + in + " exited " + code);
        }
    }
}
