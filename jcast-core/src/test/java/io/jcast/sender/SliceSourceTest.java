package io.jcast.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jcast.diskio.InputSource;
import io.jcast.fec.FecSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an input is cut into slices: full slices of whole blocks, the tail in one slice, then the end marker. */
class SliceSourceTest {
    private static final int BLOCK = 1456;

    private static List<Integer> sliceBytes(int inputBytes, int sliceBlocks, FecSpec fec) {
        SliceSource source = new SliceSource(InputSource.inMemory(new byte[inputBytes]), BLOCK, fec, false, () -> {
        });
        List<Integer> sizes = new ArrayList<>();
        OutgoingSlice s;
        do {
            s = source.next(sliceBlocks, false, 0);
            sizes.add(s.bytes);
        } while (s.bytes > 0);
        return sizes;
    }

    /** 5 MiB is 3,600 blocks and 1,280 bytes: the last 16 blocks and the partial one travel together. */
    @Test
    void theTailAndItsPartialBlockAreOneSlice() {
        List<Integer> sizes = sliceBytes(5 << 20, 512, FecSpec.parse("8x8/64"));
        assertEquals(9, sizes.size(), sizes.toString());
        for (int i = 0; i < 7; i++) {
            assertEquals(512 * BLOCK, sizes.get(i));
        }
        assertEquals(16 * BLOCK + 1280, sizes.get(7));
        assertEquals(0, sizes.get(8));
    }

    @Test
    void anInputOfWholeBlocksEndsInWholeBlocks() {
        assertEquals(List.of(100 * BLOCK, 20 * BLOCK, 0), sliceBytes(120 * BLOCK, 100, null));
    }

    @Test
    void anInputSmallerThanABlockIsOneSlice() {
        assertEquals(List.of(7, 0), sliceBytes(7, 100, null));
    }
}
