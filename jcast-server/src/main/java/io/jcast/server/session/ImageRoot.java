package io.jcast.server.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Confines image paths to one directory: relative paths only, no {@code ..}, and the real path
 * (links resolved) must stay inside the root, so a symlink pointing out is refused.
 */
public final class ImageRoot {
    private final Path root;

    public ImageRoot(Path root) throws IOException {
        Files.createDirectories(root);
        this.root = root.toRealPath();
    }

    /** The image's real path; throws {@link IllegalArgumentException} with the reason when refused. */
    public Path resolve(String image) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("image is required (a path relative to the image root)");
        }
        if (image.indexOf('\0') >= 0 || image.length() > 1024) {
            throw new IllegalArgumentException("image path is not acceptable");
        }
        Path relative = Path.of(image);
        if (relative.isAbsolute()) {
            throw new IllegalArgumentException("image must be relative to the image root, got an absolute path");
        }
        for (Path part : relative) {
            if (part.toString().equals("..")) {
                throw new IllegalArgumentException("image path must not contain '..'");
            }
        }
        Path real;
        try {
            real = root.resolve(relative).toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("image not found under the image root: " + image);
        }
        if (!real.startsWith(root)) {
            throw new IllegalArgumentException("image resolves outside the image root (symbolic link?): " + image);
        }
        if (!Files.isRegularFile(real) && !Files.isDirectory(real)) {
            throw new IllegalArgumentException("image is neither a file nor a directory: " + image);
        }
        return real;
    }

    /**
     * The files a session sends: the image itself, or a directory's regular files in name order
     * (partition images sent one after the other). Each is checked like the image.
     */
    public List<Path> files(String image) {
        Path real = resolve(image);
        if (Files.isRegularFile(real)) {
            return List.of(real);
        }
        try (Stream<Path> entries = Files.list(real)) {
            List<Path> files = entries.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            || Files.isSymbolicLink(p))
                    .sorted()
                    .map(p -> resolve(root.relativize(p).toString()))
                    .filter(Files::isRegularFile)
                    .toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("image directory holds no files: " + image);
            }
            return files;
        } catch (IOException e) {
            throw new IllegalArgumentException("image directory cannot be read: " + image);
        }
    }
}
