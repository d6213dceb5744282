package dev.xai4j.server.api;

import dev.xai4j.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /api/v1/explain} and {@code /explain/batch}: results against the reference fixtures, and errors. */
@QuarkusTest
class ExplainApiTest {

    static final String PROBLEM = "application/problem+json";
    static final String VIT_CASE = "vit-tiny-hf__vit-a__top";

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static float[] map(JsonPath json, String path) {
        return Fixtures.floats(json.getList(path + ".map.values", Float.class));
    }

    /** At another input size the token grid, and with it every attention map, follows. */
    @Test
    void explainsAtTheInputSizeAsked() {
        given().contentType(ContentType.JSON)
                .body(body("model", "vit-tiny", "image", Fixtures.base64("vit-a.png"), "inputSize", 96,
                        "methods", List.of("cls-attention", "grad-cam")))
                .when().post("/api/v1/explain")
                .then().statusCode(200)
                .body("explanations[0].map.height", equalTo(12))
                .body("explanations[1].map.width", equalTo(12));
    }

    @Test
    void explainsWithFourMethodsFromOnePassAndMatchesTheFixtures() {
        JsonPath json = given().contentType(ContentType.JSON)
                .body(body("model", "vit-tiny", "image", Fixtures.base64("vit-a.png"),
                        "methods", List.of("cls-attention",
                                Map.of("method", "attention-rollout", "parameters", Map.of("head_fusion", "max", "discard_ratio", 0.9)),
                                "grad-cam", "chefer-relevance")))
                .when().post("/api/v1/explain")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("model", equalTo("vit-tiny"))
                .body("prediction[0].index", equalTo(1))
                .body("explanations.method", contains("cls-attention", "attention-rollout", "grad-cam", "chefer-relevance"))
                .body("explanations.target", contains(1, 1, 1, 1))
                .body("explanations[0].map.height", equalTo(8))
                .body("explanations[0].map.width", equalTo(8))
                .body("explanations[1].parameters.discard_ratio", equalTo(0.9f))
                .body("explanations[0].overlay", nullValue())
                .body("passes.forward", equalTo(1))
                .body("passes.backward", equalTo(1))
                .body("agreement", hasSize(1))
                .body("agreement[0].methods", contains("cls-attention", "attention-rollout", "grad-cam", "chefer-relevance"))
                .body("timings.totalMs", notNullValue())
                .extract().jsonPath();
        Fixtures.assertClose(Fixtures.expected(VIT_CASE, "cls_attention").data(), map(json, "explanations[0]"),
                1e-4, 1e-4, "cls_attention");
        Fixtures.assertClose(Fixtures.expected(VIT_CASE, "rollout.max.discard90").data(), map(json, "explanations[1]"),
                1e-4, 1e-4, "rollout");
        Fixtures.assertClose(Fixtures.expected(VIT_CASE, "gradcam").data(), map(json, "explanations[2]"),
                1e-3, 1e-4, "gradcam");
        Fixtures.assertClose(Fixtures.expected(VIT_CASE, "chefer").data(), map(json, "explanations[3]"),
                1e-3, 1e-4, "chefer");

        List<List<Float>> rho = json.getList("agreement[0].spearman");
        assertEquals(4, rho.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(1.0, rho.get(i).get(i).doubleValue(), 1e-9);
            for (int j = 0; j < 4; j++) {
                assertEquals(rho.get(i).get(j).doubleValue(), rho.get(j).get(i).doubleValue(), 1e-9);
                assertTrue(Math.abs(rho.get(i).get(j).doubleValue()) <= 1.0);
            }
        }
    }

    @Test
    void rendersOverlaysAsPng() throws IOException {
        JsonPath json = given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", List.of("attention-rollout"),
                        "output", Map.of("raw", false, "overlay", true, "colormap", "viridis", "alpha", 0.7,
                                "upsampling", "bicubic", "agreement", false)))
                .when().post("/api/v1/explain")
                .then().statusCode(200)
                .body("explanations[0].map", nullValue())
                .body("explanations[0].overlay", notNullValue())
                .body("agreement", nullValue())
                .extract().jsonPath();
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(json.getString("explanations[0].overlay"))));
        assertEquals(64, png.getWidth());
        assertEquals(64, png.getHeight());
    }

    @Test
    void explainsAnUploadWithParametersTargetByLabelAndByIndex() {
        JsonPath json = given().multiPart("image", "vit-a.png", Fixtures.bytes("vit-a.png"), "image/png")
                .multiPart("model", "vit-tiny")
                .multiPart("methods", "cls-attention, attention-rollout")
                .multiPart("parameters", "{\"attention-rollout\": {\"head_fusion\": \"min\", \"discard_ratio\": 0.6}}")
                .multiPart("target", "ring")
                .multiPart("overlay", "true")
                .multiPart("overlaySize", "32")
                .when().post("/api/v1/explain")
                .then().statusCode(200)
                .body("explanations.method", contains("cls-attention", "attention-rollout"))
                .body("explanations.target", contains(3, 3))
                .body("explanations.targetLabel", contains("ring", "ring"))
                .body("explanations[1].parameters.head_fusion", equalTo("min"))
                .extract().jsonPath();
        // rollout needs no gradient, so it is the same whatever the target
        Fixtures.assertClose(Fixtures.expected(VIT_CASE, "rollout.min.discard60").data(), map(json, "explanations[1]"),
                1e-4, 1e-4, "rollout.min.discard60");

        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", List.of("chefer-relevance"), "target", 3))
                .when().post("/api/v1/explain")
                .then().statusCode(200).body("explanations[0].target", equalTo(3));
    }

    @Test
    void explainsTheTopTwoClasses() {
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", List.of("grad-cam", "chefer-relevance"),
                        "target", "top-2", "topK", 3))
                .when().post("/api/v1/explain")
                .then().statusCode(200)
                .body("prediction", hasSize(3))
                .body("explanations.target", contains(1, 1, 4, 4))
                .body("agreement.target", contains(1, 4));
    }

    @Test
    void explainsAResNetWithGradCamAndCam() {
        JsonPath json = given().contentType(ContentType.JSON)
                .body(body("model", "resnet-tiny", "image", Fixtures.base64("resnet-a.png"), "methods", List.of("grad-cam", "cam")))
                .when().post("/api/v1/explain")
                .then().statusCode(200)
                .body("explanations[0].map.height", equalTo(4))
                .extract().jsonPath();
        String c = "resnet-tiny-basic__resnet-a__top";
        Fixtures.assertClose(Fixtures.expected(c, "gradcam.layer4").data(), map(json, "explanations[0]"), 1e-3, 1e-4, "gradcam");
        Fixtures.assertClose(Fixtures.expected(c, "cam").data(), map(json, "explanations[1]"), 1e-4, 1e-4, "cam");
    }

    @Test
    void explainsABatchInOneSharedPass() {
        JsonPath json = given().contentType(ContentType.JSON)
                .body(body("model", "vit-tiny", "images", List.of(Fixtures.base64("vit-a.png"), Fixtures.base64("vit-b.png")),
                        "methods", List.of("cls-attention", "chefer-relevance")))
                .when().post("/api/v1/explain/batch")
                .then().statusCode(200)
                .body("results", hasSize(2))
                .body("results.index", contains(0, 1))
                .body("passes.forward", equalTo(1))
                .body("passes.backward", equalTo(1))
                .body("results[1].agreement", hasSize(1))
                .extract().jsonPath();
        Fixtures.assertClose(Fixtures.expected(VIT_CASE, "chefer").data(), map(json, "results[0].explanations[1]"),
                1e-3, 1e-4, "batch chefer a");
        Fixtures.assertClose(Fixtures.expected("vit-tiny-hf__vit-b__top", "chefer").data(),
                map(json, "results[1].explanations[1]"), 1e-3, 1e-4, "batch chefer b");
    }

    @Test
    void explainsAnUploadedBatch() {
        given().multiPart("images", "a.png", Fixtures.bytes("vit-a.png"))
                .multiPart("images", "b.png", Fixtures.bytes("vit-b.png"))
                .multiPart("methods", "attention-rollout")
                .multiPart("raw", "false")
                .when().post("/api/v1/explain/batch")
                .then().statusCode(200)
                .body("model", equalTo("vit-tiny"))
                .body("results", hasSize(2))
                .body("results[0].explanations[0].map", nullValue());
    }

    @Test
    void everyInvalidMethodParameterAndTargetIsReportedAt400() {
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "target", "zebra", "methods", List.of(
                        Map.of("method", "attention-rollout", "parameters", Map.of("discard_ratio", 1.5)),
                        Map.of("method", "cls-attention", "parameters", Map.of("block", 9)))))
                .when().post("/api/v1/explain")
                .then().statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://xai4j.dev/problems/invalid-request"))
                .body("parameter", equalTo("discard_ratio"))
                .body("errors", hasSize(3))
                .body("errors.parameter", contains("discard_ratio", "block", "target"))
                .body("errors[0].method", equalTo("attention-rollout"))
                .body("errors[0].detail", containsString("out of range [0, 1)"))
                .body("errors[2].detail", containsString("unknown label 'zebra'"));
    }

    @Test
    void unknownMethodIs400() {
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", List.of("deep-dream")))
                .when().post("/api/v1/explain")
                .then().statusCode(400).contentType(PROBLEM)
                .body("parameter", equalTo("method"))
                .body("detail", containsString("unknown method 'deep-dream'"));
    }

    @Test
    void methodThatDoesNotApplyToTheModelIs400() {
        given().multiPart("image", "r.png", Fixtures.bytes("resnet-a.png"))
                .multiPart("model", "resnet-tiny").multiPart("methods", "cls-attention")
                .when().post("/api/v1/explain")
                .then().statusCode(400).contentType(PROBLEM)
                .body("parameter", equalTo("method"))
                .body("detail", containsString("does not apply"));
    }

    @Test
    void aContrastiveTargetExplainsOneClassRatherThanAnother() {
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", List.of("grad-cam", "gradient"),
                        "target", "1 vs ring"))
                .when().post("/api/v1/explain")
                .then().statusCode(200)
                .body("explanations.target", contains(1, 1))
                .body("explanations.contrast", contains(3, 3))
                .body("explanations.contrastLabel", contains("ring", "ring"));
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", List.of("grad-cam"), "target", "1 vs 9"))
                .when().post("/api/v1/explain")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("target"));
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", List.of("grad-cam"), "target", "ring vs 3"))
                .when().post("/api/v1/explain")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("target"))
                .body("detail", containsString("itself"));
    }

    @Test
    void targetIndexOutOfRangeIs400() {
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", List.of("grad-cam"), "target", "7"))
                .when().post("/api/v1/explain")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("target"));
    }

    @Test
    void invalidOutputOptionsAre400() {
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", List.of("grad-cam"),
                        "output", Map.of("colormap", "rainbow")))
                .when().post("/api/v1/explain")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("colormap"));
        given().multiPart("image", "a.png", Fixtures.bytes("vit-a.png")).multiPart("methods", "grad-cam")
                .multiPart("alpha", "2")
                .when().post("/api/v1/explain")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("alpha"));
        given().multiPart("image", "a.png", Fixtures.bytes("vit-a.png")).multiPart("methods", "grad-cam")
                .multiPart("parameters", "{not json")
                .when().post("/api/v1/explain")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("parameters"));
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", "grad-cam"))
                .when().post("/api/v1/explain")
                .then().statusCode(400).contentType(PROBLEM)
                .body("parameter", equalTo("methods"))
                .body("detail", equalTo("'methods' must be an array"));
    }

    @Test
    void missingMethodsAndTooLargeBatchesAre400() {
        given().contentType(ContentType.JSON).body(body("image", Fixtures.base64("vit-a.png")))
                .when().post("/api/v1/explain")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("methods"));
        String img = Fixtures.base64("vit-a.png");
        given().contentType(ContentType.JSON)
                .body(body("images", java.util.Collections.nCopies(17, img), "methods", List.of("grad-cam")))
                .when().post("/api/v1/explain/batch")
                .then().statusCode(400).contentType(PROBLEM)
                .body("parameter", equalTo("images"))
                .body("detail", containsString("limit of 16"));
    }

    @Test
    void aBadImageInABatchIsNamed() {
        given().contentType(ContentType.JSON)
                .body(body("images", List.of(Fixtures.base64("vit-a.png"),
                                Base64.getEncoder().encodeToString("not an image".getBytes())),
                        "methods", List.of("grad-cam")))
                .when().post("/api/v1/explain/batch")
                .then().statusCode(415).contentType(PROBLEM)
                .body("parameter", equalTo("images[1]"));
        given().multiPart("images", "a.png", Fixtures.bytes("vit-a.png"))
                .multiPart("images", "b.png", Fixtures.truncatedPng())
                .multiPart("methods", "grad-cam")
                .when().post("/api/v1/explain/batch")
                .then().statusCode(422).contentType(PROBLEM)
                .body("parameter", equalTo("images[1]"));
    }

    @Test
    void explainEnforcesTheImageLimitsToo() {
        given().multiPart("image", "huge.png", Fixtures.pngClaiming(10000, 5000)).multiPart("methods", "grad-cam")
                .when().post("/api/v1/explain")
                .then().statusCode(413).contentType(PROBLEM);
        given().contentType(ContentType.JSON)
                .body(body("image", Base64.getEncoder().encodeToString("<svg/>".getBytes()), "methods", List.of("grad-cam")))
                .when().post("/api/v1/explain")
                .then().statusCode(415).contentType(PROBLEM);
    }

    @Test
    void unknownModelIs400() {
        given().contentType(ContentType.JSON)
                .body(body("model", "gpt", "image", Fixtures.base64("vit-a.png"), "methods", List.of("grad-cam")))
                .when().post("/api/v1/explain")
                .then().statusCode(400).contentType(PROBLEM)
                .body("parameter", equalTo("model"))
                .body("detail", containsString("unknown model 'gpt'"));
        given().get("/api/v1/explainers").then().body("explainers.id", hasItems("grad-cam"));
    }
}
