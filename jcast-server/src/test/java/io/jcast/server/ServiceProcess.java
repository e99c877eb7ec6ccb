package io.jcast.server;

import io.jcast.server.web.Http;
import io.jcast.transport.GsoDatagramTransport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link ServiceChild} process and an admin client of it (tests). */
public record ServiceProcess(Process process, Http admin) {
    /** Starts the service in a new JVM and waits until it serves. */
    public static ServiceProcess start(String password, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", GsoDatagramTransport.SEGMENTATION_JVM_OPTION,
                "-cp", System.getProperty("java.class.path"),
                ServiceChild.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("URL ")) {
                // skip anything printed before the URL
            }
            if (line == null) {
                throw new IOException("service process exited before printing its URL");
            }
            String url = line.substring(4);
            return new ServiceProcess(p, new Http(url).basic("admin", password));
        } catch (IOException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** SIGKILL this process and everything it started; waits until it is gone. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
