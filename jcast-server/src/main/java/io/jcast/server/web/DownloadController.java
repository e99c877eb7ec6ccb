package io.jcast.server.web;

import io.jcast.server.session.ImageRoot;
import io.jcast.server.unicast.DownloadQueue;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * /api/downloads: unicast HTTP fetch of an image file through the {@link DownloadQueue}. Take a ticket
 * (POST), poll its position (GET), then fetch the data with optional {@code Range: bytes=a-b} (resume);
 * DELETE gives the slot up.
 */
public final class DownloadController {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private final DownloadQueue queue;
    private final ImageRoot images;

    public DownloadController(DownloadQueue queue, ImageRoot images) {
        this.queue = queue;
        this.images = images;
    }

    public void enqueue(Context ctx) {
        Request body = Json.body(ctx, Request.class);
        Path file;
        try {
            file = images.resolve(body.image());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "image: " + e.getMessage());
        }
        if (!Files.isRegularFile(file)) {
            throw new ApiException(400, "image: unicast downloads are per file; this is a directory");
        }
        DownloadQueue.Ticket t = queue.enqueue(file, body.image());
        ctx.status(201).json(status(t.id()));
    }

    public void status(Context ctx) {
        ctx.json(status(ctx.pathParam("ticket")));
    }

    private Map<String, Object> status(String ticket) {
        int position = queue.position(ticket);
        if (position < 0) {
            throw new ApiException(404, "no such download ticket (expired after being idle?)");
        }
        DownloadQueue.Ticket t = queue.ticket(ticket);
        return Map.of("ticket", ticket, "image", t.image(), "position", position, "ready", position == 0,
                "slots", queue.slots(), "waiting", queue.waitingCount());
    }

    public void release(Context ctx) {
        if (!queue.release(ctx.pathParam("ticket"))) {
            throw new ApiException(404, "no such download ticket");
        }
        ctx.status(204);
    }

    public void data(Context ctx) throws IOException {
        String id = ctx.pathParam("ticket");
        int position = queue.position(id);
        if (position < 0) {
            throw new ApiException(404, "no such download ticket (expired after being idle?)");
        }
        if (position > 0 || !queue.beginStream(id)) {
            ctx.header("Retry-After", "2");
            ctx.status(503).json(Map.of("error", "waiting for a download slot", "position", position));
            return;
        }
        try {
            Path file = queue.ticket(id).file();
            long size = Files.size(file);
            long start = 0;
            long end = size - 1;
            String range = ctx.header("Range");
            if (range != null) {
                Matcher m = RANGE.matcher(range.trim());
                if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    throw new ApiException(416, "only one range 'bytes=start-end' is supported");
                }
                if (m.group(1).isEmpty()) {
                    start = Math.max(0, size - Long.parseLong(m.group(2)));
                } else {
                    start = Long.parseLong(m.group(1));
                    if (!m.group(2).isEmpty()) {
                        end = Math.min(end, Long.parseLong(m.group(2)));
                    }
                }
                if (start > end || start >= size) {
                    ctx.header("Content-Range", "bytes */" + size);
                    throw new ApiException(416, "range outside the file (" + size + " bytes)");
                }
                ctx.status(206);
                ctx.header("Content-Range", "bytes " + start + "-" + end + "/" + size);
            }
            long length = end - start + 1;
            ctx.header("Accept-Ranges", "bytes");
            ctx.header("Content-Length", Long.toString(length));
            ctx.contentType("application/octet-stream");
            try (FileChannel ch = FileChannel.open(file); InputStream in = Channels.newInputStream(ch.position(start));
                 OutputStream out = ctx.outputStream()) {
                byte[] buf = new byte[64 * 1024];
                long left = length;
                while (left > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (n < 0) {
                        break;
                    }
                    out.write(buf, 0, n);
                    left -= n;
                }
            }
        } finally {
            queue.endStream(id);
        }
    }

    record Request(String image) {
    }
}
