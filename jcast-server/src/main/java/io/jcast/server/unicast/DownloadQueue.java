package io.jcast.server.unicast;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * FOG's storage-node queue for unicast downloads: a node serves at most {@code slots} downloads at once;
 * further requests wait in FIFO order and can see their position. A ticket that nobody uses for
 * {@code idle} (no request, none streaming) gives its slot or place up.
 */
public final class DownloadQueue {
    private final int slots;
    private final Duration idle;
    private final Clock clock;
    private final Map<String, Ticket> active = new LinkedHashMap<>();
    private final Deque<Ticket> waiting = new ArrayDeque<>();

    public DownloadQueue(int slots, Duration idle, Clock clock) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1");
        }
        this.slots = slots;
        this.idle = idle;
        this.clock = clock;
    }

    /** A place in the queue for one image file. */
    public static final class Ticket {
        private final String id;
        private final Path file;
        private final String image;
        private Instant lastSeen;
        private int streams;

        Ticket(String id, Path file, String image, Instant now) {
            this.id = id;
            this.file = file;
            this.image = image;
            this.lastSeen = now;
        }

        public String id() {
            return id;
        }

        public Path file() {
            return file;
        }

        public String image() {
            return image;
        }
    }

    public synchronized Ticket enqueue(Path file, String image) {
        expire();
        Ticket t = new Ticket(UUID.randomUUID().toString(), file, image, clock.instant());
        waiting.addLast(t);
        promote();
        return t;
    }

    /** 0 when the ticket holds a slot, n when n-th in line, -1 when unknown or expired. */
    public synchronized int position(String id) {
        expire();
        Ticket t = active.get(id);
        if (t != null) {
            t.lastSeen = clock.instant();
            return 0;
        }
        int i = 1;
        for (Ticket w : waiting) {
            if (w.id.equals(id)) {
                w.lastSeen = clock.instant();
                return i;
            }
            i++;
        }
        return -1;
    }

    public synchronized Ticket ticket(String id) {
        Ticket t = active.get(id);
        if (t != null) {
            return t;
        }
        return waiting.stream().filter(w -> w.id.equals(id)).findFirst().orElse(null);
    }

    /** Marks a stream of an active ticket started; false if the ticket holds no slot. */
    public synchronized boolean beginStream(String id) {
        Ticket t = active.get(id);
        if (t == null) {
            return false;
        }
        t.streams++;
        t.lastSeen = clock.instant();
        return true;
    }

    public synchronized void endStream(String id) {
        Ticket t = active.get(id);
        if (t != null) {
            t.streams--;
            t.lastSeen = clock.instant();
        }
    }

    /** Gives the slot (or the place in line) up. */
    public synchronized boolean release(String id) {
        boolean removed = active.remove(id) != null || waiting.removeIf(w -> w.id.equals(id));
        promote();
        return removed;
    }

    public synchronized int waitingCount() {
        expire();
        return waiting.size();
    }

    public synchronized int activeCount() {
        expire();
        return active.size();
    }

    public int slots() {
        return slots;
    }

    private void expire() {
        Instant cutoff = clock.instant().minus(idle);
        for (Iterator<Ticket> it = active.values().iterator(); it.hasNext(); ) {
            Ticket t = it.next();
            if (t.streams == 0 && t.lastSeen.isBefore(cutoff)) {
                it.remove();
            }
        }
        waiting.removeIf(w -> w.lastSeen.isBefore(cutoff));
        promote();
    }

    private void promote() {
        while (active.size() < slots && !waiting.isEmpty()) {
            Ticket t = waiting.pollFirst();
            t.lastSeen = clock.instant();
            active.put(t.id, t);
        }
    }
}
