package io.jcast.cli.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcast.client.ServerClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jcast session list|create|cancel|start}: a client of the session manager's REST API. */
@Command(name = "session", mixinStandardHelpOptions = true,
        description = "Manage multicast sessions of a running `jcast serve`.",
        subcommands = {SessionCommand.List.class, SessionCommand.Create.class, SessionCommand.Cancel.class,
            SessionCommand.Start.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {" 0:done", " 1:refused by the service (authentication, unknown session, wrong state)",
            " 2:bad option or invalid request", " 4:service unreachable"})
public final class SessionCommand implements Runnable {
    static final int REFUSED = 1;
    static final int INVALID = 2;
    static final int UNREACHABLE = 4;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /** Where the service is and how to authenticate. */
    static final class Connection {
        @Option(names = "--server", description = "Service URL (env JCAST_SERVER).",
                defaultValue = "${env:JCAST_SERVER:-http://127.0.0.1:8080/}")
        String server;

        @Option(names = "--token", description = "API token (env JCAST_TOKEN); see POST /api/tokens.",
                defaultValue = "${env:JCAST_TOKEN}")
        String token;

        @Option(names = "--password-file", description = "File with the admin password (instead of a token).")
        Path passwordFile;

        ServerClient client() throws IOException {
            String password = passwordFile == null ? null : Files.readString(passwordFile).strip();
            return new ServerClient(URI.create(server), token, password);
        }
    }

    /** Runs an API call, printing one line on failure and mapping it to an exit code. */
    abstract static class ApiCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection connection;

        abstract int run(ServerClient client, PrintWriter out) throws IOException, InterruptedException;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            try {
                return run(connection.client(), spec.commandLine().getOut());
            } catch (ServerClient.ApiError e) {
                err.println("session " + spec.name() + ": " + e.getMessage());
                return e.status() == 400 ? INVALID : REFUSED;
            } catch (IllegalArgumentException e) {
                err.println("session " + spec.name() + ": " + e.getMessage());
                return INVALID;
            } catch (IOException e) {
                err.println("session " + spec.name() + ": cannot reach " + connection.server + ": " + e);
                return UNREACHABLE;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "List recent sessions, newest first.")
    static final class List extends ApiCommand {
        @Option(names = "--limit", description = "How many sessions.")
        int limit = 50;

        @Option(names = "--json", description = "Print the JSON answer.")
        boolean json;

        @Override
        int run(ServerClient client, PrintWriter out) throws IOException, InterruptedException {
            JsonNode sessions = client.listSessions(limit);
            if (json) {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(sessions));
                return 0;
            }
            out.printf("%-6s %-20s %-12s %9s %6s  %s%n", "ID", "NAME", "STATE", "EXPECTED", "DONE", "IMAGE");
            for (JsonNode s : sessions) {
                out.printf("%-6d %-20s %-12s %9d %5.1f%%  %s%n", s.get("id").asLong(), s.get("name").asText(),
                        s.get("state").asText(), s.get("expectedReceivers").asInt(), s.get("percent").asDouble(),
                        s.get("image").asText());
            }
            return 0;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Create a session; it starts when the expected receivers joined, at max wait, or on start.")
    static final class Create extends ApiCommand {
        @Option(names = "--name", required = true, description = "Session name receivers check in with.")
        String name;

        @Option(names = "--image", required = true, description = "File, or directory of partition files, relative "
                + "to the image root.")
        String image;

        @Option(names = "--expected", description = "Expected receivers.")
        int expected = 1;

        @Option(names = "--max-wait", description = "Start this many seconds after the first receiver joined, with "
                + "those present (default: the service's setting; 0 waits for all).")
        Integer maxWait;

        @Option(names = "--part-wait", description = "A directory session: each later file waits this many seconds "
                + "for the receivers that completed the one before (default: 60).")
        Integer partWait;

        @Option(names = "--start-at", description = "Stay queued until this ISO-8601 instant.")
        String startAt;

        @Option(names = "--interface", description = "Sender interface (default: the service's setting).")
        String interfaceName;

        @Option(names = "--max-bitrate", description = "Rate cap, e.g. 90m.")
        String maxBitrate;

        @Option(names = "--duplex", description = "full, half or auto.")
        String duplex;

        @Option(names = "--fec", description = "Forward error correction, [stripes x]redundancy[/stripesize].")
        String fec;

        @Override
        int run(ServerClient client, PrintWriter out) throws IOException, InterruptedException {
            ObjectNode body = new ObjectMapper().createObjectNode().put("name", name).put("image", image)
                    .put("expectedReceivers", expected);
            if (maxWait != null) {
                body.put("maxWaitSeconds", maxWait);
            }
            if (partWait != null) {
                body.put("partWaitSeconds", partWait);
            }
            putIf(body, "startAt", startAt);
            putIf(body, "interfaceName", interfaceName);
            putIf(body, "maxBitrate", maxBitrate);
            putIf(body, "duplex", duplex);
            putIf(body, "fec", fec);
            JsonNode s = client.createSession(body);
            out.println(s.get("id").asLong() + " " + s.get("name").asText() + " " + s.get("state").asText());
            return 0;
        }

        private static void putIf(ObjectNode body, String key, String value) {
            if (value != null) {
                body.put(key, value);
            }
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Cancel a session (any time before it ends).")
    static final class Cancel extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "Session id.")
        long id;

        @Override
        int run(ServerClient client, PrintWriter out) throws IOException, InterruptedException {
            JsonNode s = client.cancel(id);
            out.println(s.get("id").asLong() + " " + s.get("name").asText() + " " + s.get("state").asText());
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true, showDefaultValues = true,
            description = "Start a waiting session now with the receivers present.")
    static final class Start extends ApiCommand {
        @Parameters(paramLabel = "ID", description = "Session id.")
        long id;

        @Override
        int run(ServerClient client, PrintWriter out) throws IOException, InterruptedException {
            JsonNode s = client.startNow(id);
            out.println(s.get("id").asLong() + " " + s.get("name").asText() + " start requested");
            return 0;
        }
    }
}
