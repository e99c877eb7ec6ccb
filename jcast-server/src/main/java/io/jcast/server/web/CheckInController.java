package io.jcast.server.web;

import io.jcast.server.session.CheckInService;
import io.javalin.http.Context;

/** /api/checkin: receivers register with a session by name and report progress and their result. */
public final class CheckInController {
    private final CheckInService checkIn;

    public CheckInController(CheckInService checkIn) {
        this.checkIn = checkIn;
    }

    void register(Context ctx) {
        Register body = Json.body(ctx, Register.class);
        String address = body.address() == null || body.address().isBlank() ? ctx.ip() : body.address().trim();
        ctx.status(201).json(checkIn.register(body.session(), address, body.host()));
    }

    void parameters(Context ctx) {
        ctx.json(checkIn.parameters(Json.pathId(ctx, "id"), ctx.header("X-Check-In-Key")));
    }

    void progress(Context ctx) {
        Progress p = Json.body(ctx, Progress.class);
        checkIn.progress(Json.pathId(ctx, "id"), ctx.header("X-Check-In-Key"), p.state(), orZero(p.bytes()),
                p.totalBytes() == null ? -1 : p.totalBytes(), p.bytesPerSecond() == null ? 0 : p.bytesPerSecond(),
                orZero(p.retransmits()));
        ctx.status(204);
    }

    void result(Context ctx) {
        Result r = Json.body(ctx, Result.class);
        if (r.exitCode() == null) {
            throw new ApiException(400, "exitCode is required");
        }
        checkIn.result(Json.pathId(ctx, "id"), ctx.header("X-Check-In-Key"), r.exitCode(), r.message(),
                orZero(r.bytes()));
        ctx.status(204);
    }

    /** @param address the receiver's IP when it differs from the connection's source (NAT, several local addresses) */
    record Register(String session, String host, String address) {
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    record Progress(String state, Long bytes, Long totalBytes, Double bytesPerSecond, Long retransmits) {
    }

    record Result(Integer exitCode, String message, Long bytes) {
    }
}
