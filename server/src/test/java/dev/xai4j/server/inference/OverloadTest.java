package dev.xai4j.server.inference;

import dev.xai4j.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A full queue answers 503 with Retry-After; a request past the timeout answers 504; the server recovers. */
@QuarkusTest
@TestProfile(ConstrainedProfile.class)
class OverloadTest {

    /**
     * Integrated gradients with 1024 steps and SmoothGrad with 1024 samples: 128 batched passes of
     * their own, seconds on the fixture ViT, far longer than the 0.5 s timeout.
     */
    private static Map<String, Object> slowRequest() {
        return Map.of("image", Fixtures.base64("vit-a.png"),
                "methods", List.of(Map.of("method", "integrated-gradients", "parameters", Map.of("steps", 1024)),
                        Map.of("method", "smoothgrad", "parameters", Map.of("samples", 1024))));
    }

    private static void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (given().get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    @Test
    void aRequestPastTheTimeoutIs504() throws InterruptedException {
        awaitReady();
        given().contentType(ContentType.JSON).body(slowRequest())
                .when().post("/api/v1/explain")
                .then().statusCode(504).contentType("application/problem+json")
                .body("type", equalTo("https://xai4j.dev/problems/timeout"))
                .body("detail", containsString("500 ms"));
        recovers();
    }

    @Test
    void aFullQueueIs503WithRetryAfter() throws Exception {
        awaitReady();
        int n = 6; // one runs, one waits, the rest find the queue full
        ExecutorService clients = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(clients.submit(() -> {
                go.await();
                return given().contentType(ContentType.JSON).body(slowRequest()).when().post("/api/v1/explain");
            }));
        }
        go.countDown();
        int rejected = 0;
        for (Future<Response> f : answers) {
            Response r = f.get(60, TimeUnit.SECONDS);
            assertTrue(Set.of(200, 503, 504).contains(r.statusCode()), "unexpected status " + r.statusCode());
            if (r.statusCode() == 503) {
                rejected++;
                assertEquals("3", r.header("Retry-After"));
                assertEquals("application/problem+json", r.contentType());
                assertEquals("https://xai4j.dev/problems/overloaded", r.jsonPath().getString("type"));
            }
        }
        clients.shutdown();
        assertTrue(rejected >= n - 2, "expected at least " + (n - 2) + " requests refused, got " + rejected);
        given().get("/q/metrics").then().body(containsString("xai_inference_rejected_total{reason=\"queue-full\"}"));
        recovers();
    }

    /** Once the cancelled work has drained, ordinary requests succeed again. */
    private static void recovers() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int status;
        do {
            Thread.sleep(200);
            status = given().contentType(ContentType.JSON)
                    .body(Map.of("image", Fixtures.base64("vit-a.png"), "methods", List.of("cls-attention")))
                    .when().post("/api/v1/explain").statusCode();
        } while (status != 200 && System.nanoTime() < deadline);
        assertEquals(200, status);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
