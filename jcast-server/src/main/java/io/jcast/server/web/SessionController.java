package io.jcast.server.web;

import io.jcast.server.session.NewSession;
import io.jcast.server.session.SessionService;
import io.javalin.http.Context;
import java.util.Map;

/** /api/sessions: list, create, look at, start now, change the expected count, cancel. */
public final class SessionController {
    private final SessionService service;

    public SessionController(SessionService service) {
        this.service = service;
    }

    void list(Context ctx) {
        int limit = ctx.queryParamAsClass("limit", Integer.class).getOrDefault(100);
        ctx.json(service.list(limit).stream().map(SessionView::of).toList());
    }

    void create(Context ctx) {
        NewSession req = Json.body(ctx, NewSession.class);
        ctx.status(201).json(SessionView.of(service.create(req)));
    }

    void get(Context ctx) {
        long id = Json.pathId(ctx, "id");
        ctx.json(Map.of("session", SessionView.of(service.get(id)), "receivers", service.receivers(id),
                "transitions", service.transitions(id)));
    }

    void log(Context ctx) {
        ctx.json(service.log(Json.pathId(ctx, "id")));
    }

    void startNow(Context ctx) {
        ctx.json(SessionView.of(service.startNow(Json.pathId(ctx, "id"))));
    }

    void cancel(Context ctx) {
        ctx.json(SessionView.of(service.cancel(Json.pathId(ctx, "id"), Auth.callerOf(ctx))));
    }

    /** PATCH accepts only {"expectedReceivers": n}. */
    void update(Context ctx) {
        ExpectedUpdate body = Json.body(ctx, ExpectedUpdate.class);
        if (body.expectedReceivers() == null) {
            throw new ApiException(400, "expectedReceivers is required");
        }
        ctx.json(SessionView.of(service.updateExpected(Json.pathId(ctx, "id"), body.expectedReceivers())));
    }

    record ExpectedUpdate(Integer expectedReceivers) {
    }
}
