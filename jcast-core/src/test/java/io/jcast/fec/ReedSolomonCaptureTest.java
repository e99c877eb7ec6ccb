package io.jcast.fec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jcast.testkit.Pcap;
import java.io.ByteArrayOutputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Recomputes the FEC blocks real udp-sender 20120424 put on the wire and compares them byte for byte. */
class ReedSolomonCaptureTest {
    private static final int BLOCK_SIZE = 1456;
    private static final int HEADER = 16;
    private static final int OP_DATA = 0x0008;
    private static final int OP_FEC = 0x0009;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ReedSolomonCaptureTest.class.getResource("/captures/udpcast/" + name).toURI());
    }

    @ParameterizedTest
    @CsvSource({"fec8x8_64.pcap, 136", "async_fec8x8_64_10m.pcap, 72"})
    void everyMeaningfulFecBlockMatchesUdpSender(String capture, int expectedMatches) throws Exception {
        List<Pcap.Datagram> datagrams = Pcap.readUdp(resource(capture));

        // Slice number -> blocks; a slice's byte count rides in every DATA and FEC header.
        Map<Integer, byte[][]> slices = new TreeMap<>();
        Map<Integer, Integer> sliceBytes = new TreeMap<>();
        for (Pcap.Datagram d : datagrams) {
            ByteBuffer b = d.buffer();
            if (b.remaining() >= HEADER && (b.getShort(0) & 0xffff) == OP_DATA) {
                int slice = b.getInt(4);
                int block = b.getShort(8) & 0xffff;
                int bytes = b.getInt(12);
                sliceBytes.put(slice, bytes);
                byte[][] blocks = slices.computeIfAbsent(slice, s -> new byte[(bytes + BLOCK_SIZE - 1) / BLOCK_SIZE][]);
                byte[] padded = new byte[BLOCK_SIZE];
                System.arraycopy(d.payload(), HEADER, padded, 0, d.payload().length - HEADER);
                blocks[block] = padded;
            }
        }
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (Map.Entry<Integer, byte[][]> e : slices.entrySet()) {
            int remaining = sliceBytes.get(e.getKey());
            for (byte[] block : e.getValue()) {
                file.write(block, 0, Math.min(BLOCK_SIZE, remaining));
                remaining -= BLOCK_SIZE;
            }
        }
        assertArrayEquals(Files.readAllBytes(resource("input_100000.bin")), file.toByteArray(),
                "the DATA packets reassemble to the input file");

        ReedSolomon coder = new ReedSolomon(BLOCK_SIZE);
        ByteBuffer computed = ByteBuffer.allocate(BLOCK_SIZE);
        ByteBuffer[] stripe = new ByteBuffer[ReedSolomon.MAX_BLOCKS];
        int matches = 0;
        int fecPackets = 0;
        for (Pcap.Datagram d : datagrams) {
            ByteBuffer b = d.buffer();
            if (b.remaining() < HEADER || (b.getShort(0) & 0xffff) != OP_FEC) {
                continue;
            }
            fecPackets++;
            assertEquals(HEADER + BLOCK_SIZE, b.remaining(), "FEC packets carry a full block");
            int stripes = b.getShort(2);
            int slice = b.getInt(4);
            int fecBlock = b.getShort(8) & 0xffff;
            int bytes = b.getInt(12);
            if (bytes <= 0) {
                continue; // async end marker: stale payload
            }
            byte[][] blocks = slices.get(slice);
            int s = fecBlock % stripes;
            int row = fecBlock / stripes;
            int n = 0;
            for (int block = s; block < blocks.length; block += stripes) {
                stripe[n++] = ByteBuffer.wrap(blocks[block]);
            }
            if (n == 0) {
                continue; // stripe without data: udp-sender leaves the buffer stale
            }
            coder.encode(stripe, n, row, computed);
            byte[] wire = Arrays.copyOfRange(d.payload(), HEADER, HEADER + BLOCK_SIZE);
            assertArrayEquals(wire, computed.array(), "slice " + slice + " FEC block " + fecBlock);
            matches++;
        }
        assertEquals(192, fecPackets);
        assertEquals(expectedMatches, matches);
        assertTrue(matches > 0);
    }
}
