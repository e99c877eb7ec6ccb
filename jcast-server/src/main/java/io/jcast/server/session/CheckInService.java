package io.jcast.server.session;

import io.jcast.server.model.ReceiverRecord;
import io.jcast.server.model.Session;
import io.jcast.server.store.ReceiverStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Receivers checking in to a session by name: register (get a key and the session's parameters),
 * report progress, report the result. The key, returned once and stored hashed, binds reports to the
 * receiver that registered.
 */
public final class CheckInService {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]{0,255}");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Set<String> REPORTABLE = Set.of("CHECKED_IN", "WAITING", "RECEIVING");

    private final SessionService sessions;
    private final ReceiverStore receivers;
    private final ImageRoot images;
    private final Clock clock;
    private final Function<String, String> hash;
    private final Supplier<String> newKey;

    public CheckInService(SessionService sessions, ReceiverStore receivers, ImageRoot images, Clock clock,
                          Function<String, String> hash, Supplier<String> newKey) {
        this.sessions = sessions;
        this.receivers = receivers;
        this.images = images;
        this.clock = clock;
        this.hash = hash;
        this.newKey = newKey;
    }

    /** What a receiver needs to join; portBase and multicastAddress are null until a node claimed the session. */
    public record Parameters(long sessionId, String name, String state, Integer portBase, String multicastAddress,
                             List<FileEntry> files, long totalBytes) {
    }

    public record FileEntry(String name, long size) {
    }

    public record Registration(long receiverId, String key, Parameters session) {
    }

    public Registration register(String sessionName, String address, String host) {
        if (sessionName == null || sessionName.isBlank()) {
            throw SessionError.invalid("session (name) is required");
        }
        String ip = checkAddress(address);
        if (host != null && !HOST.matcher(host).matches()) {
            throw SessionError.invalid("host: letters, digits, '.', '_' or '-' only");
        }
        Session s = sessions.byName(sessionName.trim());
        String key = newKey.get();
        long id = receivers.checkIn(s.id(), ip, host, hash.apply(key), clock.instant());
        return new Registration(id, key, parameters(s));
    }

    public Parameters parameters(long receiverId, String key) {
        ReceiverRecord r = authorised(receiverId, key);
        return parameters(sessions.get(r.sessionId()));
    }

    public void progress(long receiverId, String key, String state, long bytes, long totalBytes,
                         double bytesPerSecond, long retransmits) {
        authorised(receiverId, key);
        String st = state == null ? "RECEIVING" : state.trim().toUpperCase(Locale.ROOT);
        if (!REPORTABLE.contains(st)) {
            throw SessionError.invalid("state must be one of " + REPORTABLE + ", got '" + state + "'");
        }
        if (bytes < 0 || totalBytes < -1 || bytesPerSecond < 0 || retransmits < 0) {
            throw SessionError.invalid("bytes, totalBytes, bytesPerSecond and retransmits must not be negative");
        }
        receivers.report(receiverId, st, bytes, totalBytes, bytesPerSecond, retransmits, clock.instant());
    }

    public void result(long receiverId, String key, int exitCode, String message, long bytes) {
        authorised(receiverId, key);
        if (exitCode < 0 || exitCode > 255) {
            throw SessionError.invalid("exitCode must be 0..255, got " + exitCode);
        }
        String m = message == null ? "" : message.length() > 1000 ? message.substring(0, 1000) : message;
        receivers.finish(receiverId, exitCode == 0 ? "COMPLETED" : "FAILED", exitCode, m, Math.max(0, bytes),
                clock.instant());
    }

    private ReceiverRecord authorised(long receiverId, String key) {
        ReceiverRecord r = receivers.find(receiverId)
                .orElseThrow(() -> SessionError.notFound("no receiver " + receiverId));
        String stored = receivers.keyHash(receiverId).orElse(null);
        if (key == null || stored == null || !MessageDigest.isEqual(
                stored.getBytes(StandardCharsets.US_ASCII),
                hash.apply(key).getBytes(StandardCharsets.US_ASCII))) {
            throw new SessionError(SessionError.Kind.FORBIDDEN, "wrong check-in key for receiver " + receiverId);
        }
        return r;
    }

    private Parameters parameters(Session s) {
        List<FileEntry> files = new ArrayList<>();
        long total = 0;
        try {
            for (Path f : images.files(s.image())) {
                long size = Files.size(f);
                files.add(new FileEntry(f.getFileName().toString(), size));
                total += size;
            }
        } catch (IllegalArgumentException | IOException e) {
            throw SessionError.conflict("the session's image is no longer readable: " + e.getMessage());
        }
        return new Parameters(s.id(), s.name(), s.state().name(), s.portBase() == 0 ? null : s.portBase(),
                s.multicastAddress(), files, total);
    }

    private static String checkAddress(String address) {
        if (address == null || !IP_LITERAL.matcher(address).matches()) {
            throw SessionError.invalid("address must be an IP address literal, got '" + address + "'");
        }
        try {
            // Only literals reach here (pattern above), so this never asks DNS.
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw SessionError.invalid("address must be an IP address literal, got '" + address + "'");
        }
    }
}
