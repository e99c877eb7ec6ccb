package io.jcast.server.web;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jcast.server.session.SettingsService;
import io.javalin.http.Context;
import java.util.Map;

/** /api/settings: FOG's multicast settings. */
public final class SettingsController {
    private final SettingsService settings;

    public SettingsController(SettingsService settings) {
        this.settings = settings;
    }

    void get(Context ctx) {
        ctx.json(settings.current().toMap());
    }

    void update(Context ctx) {
        Map<String, String> values;
        try {
            values = Json.MAPPER.readValue(ctx.body(), new TypeReference<Map<String, String>>() { });
        } catch (Exception e) {
            throw new ApiException(400, "expected a JSON object of setting names to string values");
        }
        if (values == null) {
            throw new ApiException(400, "expected a JSON object of setting names to string values");
        }
        ctx.json(settings.update(values).toMap());
    }
}
