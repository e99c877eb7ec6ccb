package io.jcast.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A client of the jcast REST API (used by {@code jcast session} and {@link SessionCheckIn}). */
public final class ServerClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String authorization;

    /** An error answer of the service: its status and its {@code error} message. */
    public static final class ApiError extends IOException {
        private static final long serialVersionUID = 1L;

        private final int status;

        public ApiError(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * @param base     the service URL, e.g. http://127.0.0.1:8080/
     * @param token    bearer token, or null
     * @param password admin password (HTTP Basic), used when no token is given; or null
     */
    public ServerClient(URI base, String token, String password) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        if (!"http".equals(this.base.getScheme()) && !"https".equals(this.base.getScheme())) {
            throw new IllegalArgumentException("server URL must be http:// or https://, got " + base);
        }
        if (token != null && !token.isBlank()) {
            authorization = "Bearer " + token.trim();
        } else if (password != null) {
            authorization = "Basic " + Base64.getEncoder()
                    .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8));
        } else {
            authorization = null;
        }
    }

    public JsonNode listSessions(int limit) throws IOException, InterruptedException {
        return call("GET", "api/sessions?limit=" + limit, null, null);
    }

    public JsonNode session(long id) throws IOException, InterruptedException {
        return call("GET", "api/sessions/" + id, null, null);
    }

    /** Creates a session from a JSON object (see the OpenAPI NewSession schema). */
    public JsonNode createSession(JsonNode request) throws IOException, InterruptedException {
        return call("POST", "api/sessions", request, null);
    }

    public JsonNode cancel(long id) throws IOException, InterruptedException {
        return call("POST", "api/sessions/" + id + "/cancel", null, null);
    }

    public JsonNode startNow(long id) throws IOException, InterruptedException {
        return call("POST", "api/sessions/" + id + "/start", null, null);
    }

    /** Sends a request and returns the JSON answer (null for 204); error answers throw {@link ApiError}. */
    JsonNode call(String method, String path, JsonNode body, String[] headers)
            throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(method, path, body, headers), HttpResponse.BodyHandlers.ofString());
        return answer(r);
    }

    HttpRequest request(String method, String path, JsonNode body, String[] headers) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (headers != null && headers.length > 0) {
            b.headers(headers);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    HttpClient http() {
        return http;
    }

    static JsonNode answer(HttpResponse<String> r) throws IOException {
        String text = r.body();
        JsonNode json = null;
        if (text != null && !text.isBlank()) {
            try {
                json = JSON.readTree(text);
            } catch (IOException e) {
                json = null;
            }
        }
        if (r.statusCode() >= 400) {
            String message = json != null && json.hasNonNull("error") ? json.get("error").asText()
                    : "HTTP " + r.statusCode();
            throw new ApiError(r.statusCode(), message);
        }
        return json;
    }
}
