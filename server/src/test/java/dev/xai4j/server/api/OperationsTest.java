package dev.xai4j.server.api;

import dev.xai4j.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** Health, OpenAPI, Swagger UI, metrics and the catch-all error answer. */
@QuarkusTest
class OperationsTest {

    @Test
    void readyOnceTheDefaultModelIsLoaded() throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (given().get("/q/health/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        given().get("/q/health/ready").then().statusCode(200)
                        .body("status", equalTo("UP"))
                        .body("checks.find { it.name == 'default-model' }.data.model", equalTo("vit-tiny"))
                        .body("checks.find { it.name == 'default-model' }.data.state", equalTo("ready"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDocumentsEveryEndpointWithSchemasAndProblems() {
        String doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        for (String s : List.of("/api/v1/models", "/api/v1/explainers", "/api/v1/predict", "/api/v1/explain",
                "/api/v1/explain/batch", "\"ExplainRequestBody\"", "\"ExplainResponse\"", "\"BatchExplainResponse\"",
                "\"PredictResponse\"", "\"ModelList\"", "\"ExplainerList\"", "\"Problem\"", "application/problem+json",
                "multipart/form-data", "Retry-After", "\"504\"", "\"413\"", "\"415\"", "\"422\"")) {
            org.junit.jupiter.api.Assertions.assertTrue(doc.contains(s), "OpenAPI document lacks " + s);
        }
        given().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void prometheusMetricsCoverLatencyQueueAndRejections() {
        given().contentType(ContentType.JSON)
                .body(Map.of("image", Fixtures.base64("vit-a.png"), "methods", List.of("grad-cam")))
                .post("/api/v1/explain").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("xai_inference_duration_seconds_bucket{method=\"grad-cam\",model=\"vit-tiny\""))
                .body(containsString("xai_inference_queue_depth "))
                .body(containsString("xai_inference_rejected_total"))
                .body(containsString("xai_inference_timeouts_total"))
                .body(containsString("xai_models_loaded"));
    }

    @Test
    void unexpectedErrorsAre500ProblemsWithoutInternals() {
        given().get("/test/fail").then().statusCode(500)
                .contentType("application/problem+json")
                .body("type", equalTo("https://xai4j.dev/problems/internal-error"))
                .body("status", equalTo(500))
                .body("detail", startsWith("the server failed to handle the request; the error is logged as "))
                .body(not(containsString("hunter2")))
                .body(not(containsString("IllegalStateException")))
                .body(not(containsString("\tat ")));
    }

    @Test
    void wrongMethodIs405Problem() {
        given().get("/api/v1/explain").then().statusCode(405)
                .contentType("application/problem+json")
                .body("detail", containsString("GET is not allowed"));
    }
}
