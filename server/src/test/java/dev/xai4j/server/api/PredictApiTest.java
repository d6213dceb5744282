package dev.xai4j.server.api;

import dev.xai4j.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.path.json.JsonPath;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/v1/predict}: both body forms and every error status of image input. */
@QuarkusTest
class PredictApiTest {

    static final String PROBLEM = "application/problem+json";

    @Test
    void predictsFromBase64Json() {
        List<Float> logits = given().contentType(ContentType.JSON)
                .body(Map.of("model", "vit-tiny", "image", Fixtures.base64("vit-a.png"), "topK", 5))
                .when().post("/api/v1/predict")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("model", equalTo("vit-tiny"))
                .body("image.width", equalTo(64))
                .body("top", hasSize(5))
                .body("top[0].index", equalTo(1)) // the fixture's top class
                .body("top[0].label", equalTo("square"))
                .extract().path("top.sort { it.index }.logit");
        float[] expected = Fixtures.expected("vit-tiny-hf__vit-a__top", "logits").data();
        Fixtures.assertClose(expected, Fixtures.floats(logits), 1e-4, 1e-4, "logits");
    }

    @Test
    void predictsFromMultipartUploadWithTheDefaultModel() {
        given().multiPart("image", "photo.png", Fixtures.bytes("vit-a.png"), "image/png")
                .multiPart("topK", "2")
                .when().post("/api/v1/predict")
                .then().statusCode(200)
                .body("model", equalTo("vit-tiny"))
                .body("top", hasSize(2))
                .body("top[0].index", equalTo(1))
                .body("timings.totalMs", org.hamcrest.Matchers.greaterThan(0f));
    }

    @Test
    void acceptsDataUrlsAndResNets() {
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "resnet-tiny", "image", "data:image/png;base64," + Fixtures.base64("resnet-a.png")))
                .when().post("/api/v1/predict")
                .then().statusCode(200)
                .body("model", equalTo("resnet-tiny"))
                .body("image.width", equalTo(128));
    }

    @Test
    void runsTheModelAtTheInputSizeAsked() {
        // its own size asked for: the fixture's logits
        List<Float> own = given().contentType(ContentType.JSON)
                .body(Map.of("model", "vit-tiny", "image", Fixtures.base64("vit-a.png"), "inputSize", 64))
                .when().post("/api/v1/predict")
                .then().statusCode(200)
                .extract().path("top.sort { it.index }.logit");
        Fixtures.assertClose(Fixtures.expected("vit-tiny-hf__vit-a__top", "logits").data(), Fixtures.floats(own),
                1e-4, 1e-4, "logits");
        // 96 px (position embeddings resampled, the image enlarged): another model, other logits; the form field agrees
        List<Float> json = given().contentType(ContentType.JSON)
                .body(Map.of("model", "vit-tiny", "image", Fixtures.base64("vit-a.png"), "inputSize", 96))
                .when().post("/api/v1/predict")
                .then().statusCode(200).body("image.width", equalTo(64))
                .extract().path("top.sort { it.index }.logit");
        List<Float> form = given().multiPart("image", "a.png", Fixtures.bytes("vit-a.png")).multiPart("inputSize", "96")
                .when().post("/api/v1/predict")
                .then().statusCode(200)
                .extract().path("top.sort { it.index }.logit");
        assertEquals(json, form);
        assertTrue(Math.abs(json.get(1) - own.get(1)) > 1e-3, json + " vs " + own);
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "vit-tiny", "image", Fixtures.base64("vit-a.png"), "inputSize", 100))
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(PROBLEM)
                .body("parameter", equalTo("inputSize"))
                .body("detail", containsString("not a multiple of the patch size 8"));
        given().contentType(ContentType.JSON)
                .body(Map.of("image", Fixtures.base64("vit-a.png"), "inputSize", 100000))
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(PROBLEM)
                .body("parameter", equalTo("inputSize"))
                .body("detail", containsString("out of range"));
    }

    @Test
    void unknownModelIs400() {
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "nope", "image", Fixtures.base64("vit-a.png")))
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://xai4j.dev/problems/unknown-model"))
                .body("status", equalTo(400))
                .body("parameter", equalTo("model"))
                .body("detail", containsString("vit-tiny"));
    }

    @Test
    void missingImageIs400() {
        given().contentType(ContentType.JSON).body(Map.of("model", "vit-tiny"))
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("image"));
        given().multiPart("model", "vit-tiny")
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("image"));
    }

    @Test
    void invalidBase64AndTopKAre400() {
        given().contentType(ContentType.JSON).body(Map.of("image", "@@not base64@@"))
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("image"));
        given().contentType(ContentType.JSON).body(Map.of("image", Fixtures.base64("vit-a.png"), "topK", 0))
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("topK"));
        given().multiPart("image", "a.png", Fixtures.bytes("vit-a.png")).multiPart("topK", "many")
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("topK"));
    }

    @Test
    void malformedJsonIs400() {
        given().contentType(ContentType.JSON).body("{\"image\": ")
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://xai4j.dev/problems/malformed-json"));
        given().contentType(ContentType.JSON).body("{\"image\": \"x\", \"topK\": \"five\"}")
                .when().post("/api/v1/predict")
                .then().statusCode(400).contentType(PROBLEM)
                .body("parameter", equalTo("topK"));
    }

    @Test
    void contentThatIsNotAnImageIs415WhateverItsName() {
        given().multiPart("image", "cat.png", "GIF? no, plain text".getBytes(), "image/png")
                .when().post("/api/v1/predict")
                .then().statusCode(415).contentType(PROBLEM)
                .body("type", equalTo("https://xai4j.dev/problems/not-an-image"))
                .body("parameter", equalTo("image"))
                .body("detail", containsString("not an image"));
    }

    @Test
    void aBodyTypeTheEndpointDoesNotTakeIs415() {
        given().contentType(ContentType.TEXT).body("hello")
                .when().post("/api/v1/predict")
                .then().statusCode(415).contentType(PROBLEM)
                .body("status", equalTo(415))
                .body("detail", containsString("text/plain"));
    }

    @Test
    void truncatedImageIs422() {
        given().contentType(ContentType.JSON)
                .body(Map.of("image", Base64.getEncoder().encodeToString(Fixtures.truncatedPng())))
                .when().post("/api/v1/predict")
                .then().statusCode(422).contentType(PROBLEM)
                .body("type", equalTo("https://xai4j.dev/problems/truncated-image"))
                .body("detail", startsWith("image: truncated PNG image"));
    }

    @Test
    void tooManyPixelsIs413BeforeDecoding() {
        byte[] huge = Fixtures.pngClaiming(8000, 6000); // 48 MP > 40 MP, 70 bytes
        given().multiPart("image", "huge.png", huge)
                .when().post("/api/v1/predict")
                .then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo("https://xai4j.dev/problems/image-too-large"))
                .body("detail", containsString("48000000 pixels"));
    }

    @TestHTTPResource("/api/v1/predict")
    URI predict;

    /** Large bodies go through java.net.http: RestAssured takes tens of seconds to build them. */
    private HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(predict).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> r, int status, String detailPart) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(PROBLEM, r.headers().firstValue("Content-Type").orElse(""));
        JsonPath json = new JsonPath(r.body());
        assertEquals(status, json.getInt("status"));
        assertTrue(json.getString("detail").contains(detailPart), json.getString("detail"));
    }

    @Test
    void uploadsOverTheSizeLimitAre413() throws Exception {
        byte[] big = new byte[21 * 1024 * 1024]; // over the default 20 MB
        String boundary = "xai4j-test-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"big.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] multipart = new byte[head.length + big.length + tail.length];
        System.arraycopy(head, 0, multipart, 0, head.length);
        System.arraycopy(tail, 0, multipart, head.length + big.length, tail.length);
        HttpResponse<String> r = post("multipart/form-data; boundary=" + boundary, multipart);
        assertProblem(r, 413, "more than the limit of 20971520 bytes");
        assertEquals("image", new JsonPath(r.body()).getString("parameter"));

        String json = "{\"image\": \"" + Base64.getEncoder().encodeToString(big) + "\"}";
        assertProblem(post("application/json", json.getBytes(StandardCharsets.US_ASCII)), 413, "limit of 20971520 bytes");
    }

    @Test
    void bodiesOverTheRequestLimitAre413ProblemsToo() throws Exception {
        byte[] huge = new byte[65 * 1024 * 1024]; // over quarkus.http.limits.max-body-size = 64M
        assertProblem(post("application/json", huge), 413, "more than the limit of 67108864 bytes");
    }

    @Test
    void errorsNeverCarryStackTraces() {
        given().contentType(ContentType.JSON).body("[1, 2")
                .when().post("/api/v1/predict")
                .then().statusCode(400)
                .body(not(containsString("\tat ")))
                .body(not(containsString("Exception")));
    }
}
