package io.jcast.diskio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A receiver that never finds a sender leaves the output as it found it. */
class OutputSinkTest {
    @TempDir
    Path dir;

    @Test
    void anExistingFileKeepsItsBytesUntilTheTransferBegins() throws Exception {
        Path image = Files.writeString(dir.resolve("yesterday.img"), "yesterday's image");
        OutputSink.open(image, List.of(), null).destroy();
        assertEquals("yesterday's image", Files.readString(image));
    }

    @Test
    void aFileCreatedForATransferThatNeverBeganIsDeleted() throws Exception {
        Path image = dir.resolve("new.img");
        OutputSink.open(image, List.of(), null).destroy();
        assertFalse(Files.exists(image));
    }

    @Test
    void beginEmptiesAnExistingFileSoAShorterImageKeepsNoOldTail() throws Exception {
        Path image = Files.writeString(dir.resolve("old.img"), "a much longer old image");
        OutputSink sink = OutputSink.open(image, List.of(), null);
        sink.begin();
        sink.channel().write(ByteBuffer.wrap("new".getBytes()));
        sink.destroy();
        assertEquals("new", Files.readString(image));
    }

    @Test
    void aCreatedFileStaysOnceTheTransferBegan() throws Exception {
        Path image = dir.resolve("partial.img");
        OutputSink sink = OutputSink.open(image, List.of(), null);
        sink.begin();
        sink.channel().write(ByteBuffer.wrap("part".getBytes()));
        sink.destroy(); // a failed transfer: the partial output stays, as udp-receiver leaves it, reported failed
        assertEquals("part", Files.readString(image));
    }
}
