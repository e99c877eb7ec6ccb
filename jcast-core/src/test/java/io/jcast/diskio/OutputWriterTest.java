package io.jcast.diskio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutputWriterTest {
    private final List<Integer> released = new CopyOnWriteArrayList<>();

    @Test
    void writesInOrderAndReleasesEachBufferAfterItsBytes() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        byte[] expected = new byte[3 * 1000];
        try (OutputWriter<Integer> w = new OutputWriter<>(Channels.newChannel(sink), null, false, 2, released::add)) {
            for (int job = 0; job < 3; job++) {
                byte[] b = new byte[1000];
                Arrays.fill(b, (byte) job);
                System.arraycopy(b, 0, expected, job * 1000, 1000);
                while (released.size() < job - 1) {
                    Thread.sleep(1); // at most two jobs queued
                }
                w.submit(ByteBuffer.wrap(b), job);
            }
            w.finish();
            assertEquals(3000, w.bytesWritten());
        }
        assertArrayEquals(expected, sink.toByteArray());
        assertEquals(List.of(0, 1, 2), released);
    }

    @Test
    void refusesMoreJobsThanItHolds() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        WritableByteChannel stalled = channel(src -> {
            try {
                blocked.await(5, TimeUnit.SECONDS); // a disk that does not answer
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            int n = src.remaining();
            src.position(src.limit());
            return n;
        });
        try (OutputWriter<Integer> w = new OutputWriter<>(stalled, null, false, 2, released::add)) {
            w.submit(ByteBuffer.allocate(10), 0);
            w.submit(ByteBuffer.allocate(10), 1);
            assertThrows(IllegalStateException.class, () -> w.submit(ByteBuffer.allocate(10), 2));
            blocked.countDown();
            w.finish();
        }
        assertEquals(List.of(0, 1), released);
    }

    @Test
    void keepsTheFirstWriteErrorAndStillReleasesEveryBuffer() throws Exception {
        WritableByteChannel full = channel(src -> {
            throw new IOException("No space left on device");
        });
        try (OutputWriter<Integer> w = new OutputWriter<>(full, null, false, 4, released::add)) {
            w.submit(ByteBuffer.allocate(10), 0);
            w.submit(ByteBuffer.allocate(10), 1);
            IOException e = assertThrows(IOException.class, w::finish);
            assertEquals("No space left on device", e.getMessage());
            assertEquals(0, w.bytesWritten());
        }
        assertEquals(List.of(0, 1), released);
    }

    private interface Write {
        int write(ByteBuffer src) throws IOException;
    }

    private static WritableByteChannel channel(Write write) {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                return write.write(src);
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}
