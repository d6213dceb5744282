package dev.xai4j.examples;

import dev.xai4j.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs the HTTP client example against the real server: the packaged application the server module
 * builds ({@code server/target/quarkus-app/quarkus-run.jar}), started here as a user starts it, on
 * a free port, with the fixture models.
 */
class ExplainOverHttpTest {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://[^:]+:(\\d+)");

    static Process server;
    static String url;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        Path jar = Path.of(System.getProperty("xai4j.server.app", "../server/target/quarkus-app/quarkus-run.jar"));
        assertTrue(Files.isRegularFile(jar), "the packaged server is missing at " + jar.toAbsolutePath()
                + ": build it first (./mvnw -pl server -am package -DskipTests)");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dxai.models.vit-tiny.path=" + Fixtures.model("vit-tiny-hf").toAbsolutePath(),
                "-Dxai.models.resnet-tiny.path=" + Fixtures.model("resnet-tiny-basic").toAbsolutePath(),
                "-Dxai.inference.native-threads=1",
                "-jar", jar.toString(), "serve", "--port", "0", "--default-model", "vit-tiny").redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        server = pb.start();
        BufferedReader log = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        StringBuilder seen = new StringBuilder();
        for (String line; url == null && System.nanoTime() < deadline && (line = log.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                url = "http://localhost:" + m.group(1);
            }
        }
        assertNotNull(url, "the server did not report its port:\n" + seen);
        Thread drain = new Thread(() -> log.lines().forEach(l -> { })); // a full pipe would block the server
        drain.setDaemon(true);
        drain.start();
        HttpClient http = HttpClient.newHttpClient();
        int ready = 0;
        while (ready != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            ready = http.send(HttpRequest.newBuilder(URI.create(url + "/q/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
        assertEquals(200, ready, "the server never became ready");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void explainsAnImageThroughTheRestApi() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ExplainOverHttp.run(new String[]{url, Fixtures.image("vit-a.png").toString(),
                tmp.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("vit-tiny (VIT)"), text);
        assertTrue(text.contains("model vit-tiny, passes {\"forward\":1,\"backward\":1}"), text);
        assertTrue(text.lines().skip(2).findFirst().orElse("").trim().startsWith("square"), text); // the top class first
        for (String method : ComparePanel.METHODS) {
            assertNotNull(ImageIO.read(tmp.resolve(method + ".png").toFile()), method);
        }
        assertTrue(text.contains("Spearman agreement [\"cls-attention\",\"attention-rollout\",\"grad-cam\",\"chefer-relevance\"]"), text);
    }

    @Test
    void anErrorFromTheServerIsReportedWithItsStatus() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path notAnImage = Fixtures.root().resolve("cases.json");
        int code = ExplainOverHttp.run(new String[]{url, notAnImage.toString(), tmp.toString()},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("error: 415"), err.toString(StandardCharsets.UTF_8));
    }
}
