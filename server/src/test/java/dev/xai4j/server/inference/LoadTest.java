package dev.xai4j.server.inference;

import dev.xai4j.Fixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded load test on loopback: 200 explain requests (four methods each) at concurrency 8
 * against the fixture ViT, with the test configuration's 2 inference threads and 4 queue slots, so
 * some requests are refused (clients back off 100 ms after a 503). Every request must be answered 200 or 503, none lost, and the server
 * must be healthy afterwards. Prints throughput, latency percentiles and peak RSS.
 */
@QuarkusTest
@Order(1) // first in its JVM, so that the peak RSS printed is the server's under this load, not other tests'
class LoadTest {

    static final int REQUESTS = 200;
    static final int CONCURRENCY = 8;
    static final Duration DEADLINE = Duration.ofSeconds(120);
    static final Duration BACKOFF = Duration.ofMillis(100);

    @TestHTTPResource("/api/v1/explain")
    URL explain;

    @Test
    void twoHundredExplainsAtConcurrencyEight() throws Exception {
        long readyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (given().get("/q/health/ready").statusCode() != 200 && System.nanoTime() < readyBy) {
            Thread.sleep(100);
        }
        String body = "{\"model\":\"vit-tiny\",\"image\":\"" + Fixtures.base64("vit-a.png") + "\","
                + "\"methods\":[\"cls-attention\",\"attention-rollout\",\"grad-cam\",\"chefer-relevance\"]}";
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(CONCURRENCY)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(explain.toString()))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();

        // a warm-up request, so the figures are of the steady state
        assertEquals(200, client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());

        ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<Long> okNanos = Collections.synchronizedList(new ArrayList<>());
        List<Long> allNanos = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY);
        long start = System.nanoTime();
        long deadline = start + DEADLINE.toNanos();
        List<Future<?>> loops = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            loops.add(workers.submit(() -> {
                while (next.getAndIncrement() < REQUESTS && System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                        statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        allNanos.add(System.nanoTime() - t0);
                        if (r.statusCode() == 200) {
                            okNanos.add(System.nanoTime() - t0);
                        } else if (r.statusCode() == 503) {
                            // a polite client backs off (briefly: the server advises 2 s, the test must stay short)
                            Thread.sleep(BACKOFF.toMillis());
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : loops) {
            f.get(DEADLINE.toSeconds() + 30, TimeUnit.SECONDS);
        }
        workers.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;

        int answered = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
        List<Long> sorted = new ArrayList<>(okNanos);
        Collections.sort(sorted);
        List<Long> all = new ArrayList<>(allNanos);
        Collections.sort(all);
        int ok = statuses.getOrDefault(200, new AtomicInteger()).get();
        int busy = statuses.getOrDefault(503, new AtomicInteger()).get();
        System.out.printf("LOAD TEST: %d requests at concurrency %d in %.1f s: %d × 200, %d × 503 (%s), "
                        + "%d lost; %.1f req/s answered, %.1f explanations/s (200s); latency of 200s p50 %.0f ms, "
                        + "p95 %.0f ms, max %.0f ms; of all answers p50 %.0f ms, p95 %.0f ms; peak RSS %s%n",
                REQUESTS, CONCURRENCY, seconds, ok, busy, statuses, failures.get(), answered / seconds, ok / seconds,
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 100), percentile(all, 50),
                percentile(all, 95), peakRss());

        assertEquals(0, failures.get(), "requests without an answer");
        assertEquals(REQUESTS, answered, "every request answered within " + DEADLINE);
        assertEquals(answered, ok + busy, "only 200 and 503 expected: " + statuses);
        assertTrue(ok > 0, "some requests served");
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        assertEquals(200, client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    private static double percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    /** Peak resident set size of this JVM (which hosts the server), from /proc. */
    private static String peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return line.substring(6).trim();
                }
            }
        } catch (Exception e) {
            // not Linux
        }
        return "n/a";
    }
}
