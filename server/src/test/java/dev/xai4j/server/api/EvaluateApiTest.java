package dev.xai4j.server.api;

import dev.xai4j.Fixtures;
import dev.xai4j.eval.ExplanationMetrics;
import dev.xai4j.eval.ImageMetrics;
import dev.xai4j.eval.Metric;
import dev.xai4j.eval.MetricInput;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.model.VisionModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code POST /api/v1/evaluate}: the SDK's numbers over HTTP, and the request errors. */
@QuarkusTest
class EvaluateApiTest {

    private static final String PROBLEM = ExplainApiTest.PROBLEM;

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** A base64 PNG of the given size, white in its left half. */
    private static String leftHalfMask(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w / 2; x++) {
                img.setRGB(x, y, 0xffffff);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }

    @Test
    void valuesAndCurvesEqualTheSdks() throws IOException {
        BufferedImage image = ImageIO.read(Fixtures.image("vit-a.png").toFile());
        JsonPath json = given().contentType(ContentType.JSON)
                .body(body("model", "vit-tiny", "image", Fixtures.base64("vit-a.png"),
                        "mask", leftHalfMask(image.getWidth(), image.getHeight()),
                        "methods", List.of("grad-cam", "attention-rollout"),
                        "metrics", List.of("perturbation", "sparseness", "relevance-rank"),
                        "parameters", Map.of("removal", "zero")))
                .when().post("/api/v1/evaluate")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("model", equalTo("vit-tiny"))
                .body("metrics", contains("perturbation", "sparseness", "relevance-rank"))
                .body("images", hasSize(1))
                .body("images[0].methods.method", contains("grad-cam", "attention-rollout"))
                .body("images[0].methods[0].curves.perturbation_positive.x", hasSize(10))
                .extract().jsonPath();
        try (VisionModel m = VisionModel.load(Fixtures.model("vit-tiny-hf"))) {
            var rgb = new ImageDecoder(100_000_000).decode(Files.readAllBytes(Fixtures.image("vit-a.png")));
            boolean[] px = new boolean[rgb.width() * rgb.height()];
            for (int i = 0; i < px.length; i++) {
                px[i] = i % rgb.width() < rgb.width() / 2;
            }
            List<ImageMetrics> sdk = new ExplanationMetrics(new dev.xai4j.explain.ExplanationEngine(),
                    dev.xai4j.eval.MetricOptions.DEFAULTS.withRemoval(dev.xai4j.eval.RemovalValue.ZERO)).evaluate(m,
                    List.of(new MetricInput("image", rgb, dev.xai4j.explain.Target.top(),
                            new dev.xai4j.data.Mask(rgb.width(), rgb.height(), px))),
                    List.of(MethodRequest.of("grad-cam"), MethodRequest.of("attention-rollout")),
                    Set.of(Metric.PERTURBATION, Metric.SPARSENESS, Metric.RELEVANCE_RANK));
            for (int r = 0; r < 2; r++) {
                var expected = sdk.get(0).methods().get(r);
                for (String key : List.of("perturbation_positive_auc", "perturbation_negative_auc", "sparseness", "relevance_rank")) {
                    // JsonPath reads numbers as floats: equal to float precision
                    assertEquals(expected.value(key), json.getDouble("images[0].methods[" + r + "].values." + key), 1e-5, key);
                }
            }
        }
    }

    @Test
    void unknownMetricIsA400NamingTheKnownOnes() {
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", List.of("grad-cam"),
                        "metrics", List.of("road", "faithfulness")))
                .when().post("/api/v1/evaluate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("parameter", equalTo("metrics"))
                .body("detail", containsString("unknown metric 'faithfulness'; known: perturbation, road, morf-lerf, mprt, "
                        + "random-logit, sparseness, complexity, max-sensitivity, relevance-mass, relevance-rank"));
    }

    @Test
    void requestErrorsNameTheirField() {
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", List.of("grad-cam"),
                        "metrics", List.of("relevance-mass")))
                .when().post("/api/v1/evaluate")
                .then().statusCode(400).contentType(PROBLEM)
                .body("parameter", equalTo("mask"))
                .body("detail", containsString("relevance-mass needs an object mask"));
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "images", List.of(Fixtures.base64("vit-b.png")),
                        "methods", List.of("grad-cam"), "metrics", List.of("sparseness")))
                .when().post("/api/v1/evaluate")
                .then().statusCode(400).body("parameter", equalTo("image"));
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", List.of("grad-cam"),
                        "metrics", List.of("perturbation"), "parameters", Map.of("removal", "grey")))
                .when().post("/api/v1/evaluate")
                .then().statusCode(400).body("parameter", equalTo("removal"))
                .body("detail", containsString("black, zero or mean"));
        given().contentType(ContentType.JSON)
                .body(body("model", "vit-tiny", "image", Fixtures.base64("vit-a.png"), "methods", List.of("grad-cam"),
                        "metrics", List.of("perturbation"), "parameters", Map.of("patchSize", 5)))
                .when().post("/api/v1/evaluate")
                .then().statusCode(400).body("parameter", equalTo("patchSize"))
                .body("detail", containsString("patchSize 5 does not divide"));
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "methods", List.of("no-such-method"),
                        "metrics", List.of("sparseness")))
                .when().post("/api/v1/evaluate")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void batchOfTwoImages() {
        JsonPath json = given().contentType(ContentType.JSON)
                .body(body("model", "vit-tiny", "images", List.of(Fixtures.base64("vit-a.png"), Fixtures.base64("vit-b.png")),
                        "methods", List.of("attention-rollout"), "metrics", List.of("complexity", "random-logit"), "target", "2"))
                .when().post("/api/v1/evaluate")
                .then().statusCode(200)
                .body("images", hasSize(2))
                .body("images.name", contains("images[0]", "images[1]"))
                .body("images[0].methods[0].target", equalTo(2))
                .extract().jsonPath();
        // rollout ignores the class: the random class's map is the same
        assertEquals(1.0, json.getDouble("images[1].methods[0].values.random_logit_spearman"), 1e-6);
    }

    @Test
    void documentedInOpenApi() {
        String doc = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString();
        JsonPath p = JsonPath.from(doc);
        assertEquals("evaluate", p.getString("paths.'/api/v1/evaluate'.post.operationId"));
    }
}
