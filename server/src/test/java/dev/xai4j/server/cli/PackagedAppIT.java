package dev.xai4j.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xai4j.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged fast-jar as users run it: {@code java -jar server/target/quarkus-app/quarkus-run.jar}
 * with a command runs it without starting the server; with {@code serve} it starts the server.
 * Models are given by name, configured through system properties as a user would.
 */
class PackagedAppIT {

    static Path jar;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findJar() {
        jar = Path.of(System.getProperty("xai4j.app", "target/quarkus-app/quarkus-run.jar"));
        assertTrue(Files.isRegularFile(jar), "packaged application not found at " + jar);
    }

    static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dxai.models.vit-tiny.path=" + Fixtures.model("vit-tiny-hf").toAbsolutePath(),
                "-Dxai.models.resnet-tiny.path=" + Fixtures.model("resnet-tiny-basic").toAbsolutePath(),
                "-jar", jar.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void explainRunsWithoutStartingTheServer() throws Exception {
        Path out = tmp.resolve("out");
        Process p = new ProcessBuilder(java("explain", "--model", "vit-tiny",
                "--methods", "cls-attention,attention-rollout,grad-cam,chefer-relevance",
                Fixtures.image("vit-a.png").toString(), "--out", out.toString())).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertFalse(output.contains("Listening on"), "the server started:\n" + output);
        assertFalse(output.contains("__  ____  __"), "Quarkus booted:\n" + output);
        JsonNode report = new ObjectMapper().readTree(out.resolve("vit-a.json").toFile());
        Fixtures.assertClose(Fixtures.expected("vit-tiny-hf__vit-a__top", "chefer").data(),
                CliTest.values(report.get("explanations").get(3)), 1e-3, 1e-4, "chefer");
        assertTrue(Files.size(out.resolve("vit-a.png")) > 0);
    }

    @Test
    void serveStartsTheServerAndBecomesReady() throws Exception {
        Process p = new ProcessBuilder(java("serve", "--port", "0")).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
            int port = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            for (String line; port < 0 && System.nanoTime() < deadline && (line = lines.readLine()) != null; ) {
                Matcher m = listening.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertTrue(port > 0, "the server did not report its port");
            // keep draining the log so the server never blocks on a full pipe
            Thread drain = new Thread(() -> {
                try {
                    while (lines.readLine() != null) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            });
            drain.setDaemon(true);
            drain.start();

            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://localhost:" + port);
            int ready = 0;
            while (ready != 200 && System.nanoTime() < deadline) {
                ready = http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                Thread.sleep(200);
            }
            assertEquals(200, ready, "never ready");
            String body = "{\"image\":\"" + Fixtures.base64("vit-a.png") + "\",\"methods\":[\"grad-cam\",\"chefer-relevance\"]}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/explain"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("vit-shapes", new ObjectMapper().readTree(r.body()).get("model").asText(), "the embedded default model");
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
