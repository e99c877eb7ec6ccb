package io.jcast.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcast.transfer.ExitCode;
import io.jcast.transfer.ReceiverConfig;
import io.jcast.transfer.ReceiverStatus;
import io.jcast.transfer.TransferEvent;
import io.jcast.transfer.TransferListener;
import io.jcast.transfer.TransferProgress;
import io.jcast.transfer.TransferResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The receiver's side of check-in: register with a session by name, learn its port and multicast
 * address (waiting until a node has claimed the session), fill a {@link ReceiverConfig.Builder}, report
 * progress as a {@link TransferListener}, and report the final result.
 *
 * <pre>{@code
 * SessionCheckIn checkIn = SessionCheckIn.register(URI.create("http://server:8080/"), "lab1", "pc-07", null,
 *         Duration.ofMinutes(10));
 * ReceiverConfig config = checkIn.configure(ReceiverConfig.builder().file(out)).build();
 * try (Receiver r = Receiver.open(config, checkIn)) {
 *     checkIn.reportResult(r.run());
 * }
 * }</pre>
 *
 * A session whose image is a directory sends its files one after the other on the same port: run one
 * receiver per entry of {@link #files()}, calling {@link #beginFile(int)} before each.
 */
public final class SessionCheckIn implements TransferListener {
    private static final long REPORT_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final ServerClient client;
    private final long receiverId;
    private final String key;
    private final InetAddress localAddress;
    private JsonNode session;
    private volatile long fileOffset;
    private volatile long lastReport;
    private final AtomicBoolean reportInFlight = new AtomicBoolean();

    /** One file of the session's image: receivers write them in this order. */
    public record FileEntry(String name, long size) {
    }

    private SessionCheckIn(ServerClient client, long receiverId, String key, InetAddress localAddress,
                           JsonNode session) {
        this.client = client;
        this.receiverId = receiverId;
        this.key = key;
        this.localAddress = localAddress;
        this.session = session;
    }

    /**
     * Registers with the unfinished session named {@code sessionName} and waits until it has a port and
     * an address (a node claimed it), at most {@code waitForClaim}.
     *
     * @param host         this machine's name for the dashboard, or null
     * @param localAddress the address this receiver will use (so the service matches it with what the
     *                     sender sees); null: the address the service sees the request from
     * @throws ServerClient.ApiError with the service's message (404: no such session)
     * @throws IOException           when the service cannot be reached or the session is not claimed in time
     */
    public static SessionCheckIn register(URI server, String sessionName, String host, InetAddress localAddress,
                                          Duration waitForClaim) throws IOException, InterruptedException {
        ServerClient client = new ServerClient(server, null, null);
        ObjectNode body = ServerClient.JSON.createObjectNode().put("session", sessionName);
        if (host != null) {
            body.put("host", host);
        }
        if (localAddress != null) {
            body.put("address", localAddress.getHostAddress());
        }
        JsonNode reg = client.call("POST", "api/checkin", body, null);
        SessionCheckIn checkIn = new SessionCheckIn(client, reg.get("receiverId").asLong(), reg.get("key").asText(),
                localAddress, reg.get("session"));
        checkIn.awaitClaim(waitForClaim);
        return checkIn;
    }

    private void awaitClaim(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (session.get("portBase").isNull()) {
            String state = session.get("state").asText();
            if (!state.equals("QUEUED")) {
                throw new IOException("session " + sessionName() + " is " + state);
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("session " + sessionName() + " was not started by the service within "
                        + timeout.toSeconds() + " s (still queued)");
            }
            Thread.sleep(500);
            session = client.call("GET", "api/checkin/" + receiverId, null, keyHeader());
        }
    }

    public long receiverId() {
        return receiverId;
    }

    public long sessionId() {
        return session.get("sessionId").asLong();
    }

    public String sessionName() {
        return session.get("name").asText();
    }

    /** Receivers' port (the sender uses portBase+1). */
    public int portBase() {
        return session.get("portBase").asInt();
    }

    /** The session's rendezvous and data address. */
    public InetAddress multicastAddress() {
        try {
            return InetAddress.getByName(session.get("multicastAddress").asText());
        } catch (IOException e) {
            throw new IllegalStateException("service sent a bad address: " + session.get("multicastAddress"));
        }
    }

    public List<FileEntry> files() {
        List<FileEntry> out = new ArrayList<>();
        for (JsonNode f : session.get("files")) {
            out.add(new FileEntry(f.get("name").asText(), f.get("size").asLong()));
        }
        return out;
    }

    public long totalBytes() {
        return session.get("totalBytes").asLong();
    }

    /** Sets the port base, the rendezvous address and (if given at registration) the local address. */
    public ReceiverConfig.Builder configure(ReceiverConfig.Builder builder) {
        builder.portBase(portBase()).rendezvousAddress(multicastAddress());
        if (localAddress != null) {
            builder.localAddress(localAddress);
        }
        return builder;
    }

    /** Before receiving file {@code index} of {@link #files()}: reported positions count the files before it. */
    public void beginFile(int index) {
        long offset = 0;
        List<FileEntry> files = files();
        for (int i = 0; i < index && i < files.size(); i++) {
            offset += files.get(i).size();
        }
        fileOffset = offset;
    }

    /** Reports progress at most once a second, without blocking the engine thread. */
    @Override
    public void onProgress(TransferProgress progress) {
        long now = System.nanoTime();
        if (!progress.done() && now - lastReport < REPORT_INTERVAL_NANOS) {
            return;
        }
        if (!reportInFlight.compareAndSet(false, true)) {
            return;
        }
        lastReport = now;
        ObjectNode body = ServerClient.JSON.createObjectNode()
                .put("state", "RECEIVING")
                .put("bytes", fileOffset + progress.bytes())
                .put("totalBytes", totalBytes())
                .put("bytesPerSecond", progress.bytesPerSecond())
                .put("retransmits", progress.retransmittedBlocks());
        try {
            client.http().sendAsync(client.request("POST", "api/checkin/" + receiverId + "/progress", body,
                            keyHeader()), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> reportInFlight.set(false));
        } catch (IOException e) {
            // Progress reports are best effort: a busy or restarting service must not stop the transfer.
            reportInFlight.set(false);
        }
    }

    /** A listener that gives every callback to {@code other} (console progress, say) and reports progress here. */
    public TransferListener alongside(TransferListener other) {
        SessionCheckIn self = this;
        return new TransferListener() {
            @Override
            public void onEvent(TransferEvent event) {
                other.onEvent(event);
            }

            @Override
            public void onProgress(TransferProgress progress) {
                other.onProgress(progress);
                self.onProgress(progress);
            }

            @Override
            public void onReceiverChanged(ReceiverStatus receiver) {
                other.onReceiverChanged(receiver);
            }

            @Override
            public void onTransferStarted() {
                other.onTransferStarted();
            }
        };
    }

    /** Reports how the transfer ended (blocking). */
    public void reportResult(TransferResult result) throws IOException, InterruptedException {
        reportResult(result.exitCode(), result.message(), fileOffset + result.bytes());
    }

    public void reportResult(ExitCode exitCode, String message, long bytes) throws IOException, InterruptedException {
        ObjectNode body = ServerClient.JSON.createObjectNode()
                .put("exitCode", exitCode.code())
                .put("message", message == null ? exitCode.meaning() : message)
                .put("bytes", bytes);
        client.call("POST", "api/checkin/" + receiverId + "/result", body, keyHeader());
    }

    private String[] keyHeader() {
        return new String[] {"X-Check-In-Key", key};
    }
}
