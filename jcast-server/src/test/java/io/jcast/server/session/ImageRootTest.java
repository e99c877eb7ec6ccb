package io.jcast.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageRootTest {
    @TempDir
    Path dir;

    private String refusal(ImageRoot root, String image) {
        return assertThrows(IllegalArgumentException.class, () -> root.files(image)).getMessage();
    }

    @Test
    void confinesImagesToTheRoot() throws Exception {
        Path images = dir.resolve("images");
        Files.createDirectories(images.resolve("win/parts"));
        Files.write(images.resolve("win/parts/p2.img"), new byte[2]);
        Files.write(images.resolve("win/parts/p1.img"), new byte[1]);
        Files.write(dir.resolve("outside.img"), new byte[1]);
        Files.createSymbolicLink(images.resolve("link-out.img"), dir.resolve("outside.img"));
        Files.createSymbolicLink(images.resolve("win/parts/p3.img"), dir.resolve("outside.img"));
        Files.createSymbolicLink(images.resolve("dir-out"), dir);
        Files.createSymbolicLink(images.resolve("inside.img"), images.resolve("win/parts/p1.img"));
        ImageRoot root = new ImageRoot(images);

        assertEquals(List.of(images.resolve("inside.img").toRealPath()), root.files("inside.img"));
        assertTrue(refusal(root, "../outside.img").contains("'..'"));
        assertTrue(refusal(root, "win/../../outside.img").contains("'..'"));
        assertTrue(refusal(root, dir.resolve("outside.img").toString()).contains("relative"));
        assertTrue(refusal(root, "link-out.img").contains("outside the image root"));
        assertTrue(refusal(root, "dir-out/outside.img").contains("outside the image root"));
        assertTrue(refusal(root, "win/parts").contains("outside the image root"), "a link out inside a directory");
        assertTrue(refusal(root, "").contains("required"));
        assertTrue(refusal(root, "nope.img").contains("not found"));
        Files.delete(images.resolve("win/parts/p3.img"));
        assertEquals(List.of("p1.img", "p2.img"), root.files("win/parts").stream()
                .map(p -> p.getFileName().toString()).toList());
    }
}
