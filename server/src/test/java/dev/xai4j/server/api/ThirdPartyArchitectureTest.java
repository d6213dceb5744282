package dev.xai4j.server.api;

import dev.xai4j.Fixtures;
import dev.xai4j.explain.ExplainRequest;
import dev.xai4j.explain.ExplainResult;
import dev.xai4j.explain.Explainer;
import dev.xai4j.explain.ExplanationEngine;
import dev.xai4j.explain.Explanation;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.Prediction;
import dev.xai4j.model.VisionModel;
import dev.xai4j.testarch.TwoLayerCnn;
import dev.xai4j.testarch.TwoLayerCnnFamily;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An architecture defined only in the test sources ({@link TwoLayerCnnFamily}), registered through the
 * same {@code META-INF/services} registry a third party would use, is loaded, predicts, and gets
 * Grad-CAM, CAM and gradient explanations through the engine, the REST API and the method list, with no
 * main-source change.
 */
@QuarkusTest
@TestProfile(ThirdPartyArchitectureTest.WithTwoLayerCnn.class)
class ThirdPartyArchitectureTest {

    /** The checkpoint, written before the application starts. */
    static final Path CHECKPOINT = TwoLayerCnn.write(tempDir().resolve("two-layer-cnn"), 20261208);

    /** Adds the checkpoint to the server's models. */
    public static class WithTwoLayerCnn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("xai.models.two-layer-cnn.path", CHECKPOINT.toString());
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("xai4j-testarch");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RgbImage image() {
        byte[] rgb = new byte[TwoLayerCnnFamily.SIZE * TwoLayerCnnFamily.SIZE * 3];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) ((i * 37) % 251);
        }
        return new RgbImage(TwoLayerCnnFamily.SIZE, TwoLayerCnnFamily.SIZE, rgb);
    }

    @Test
    void theEngineLoadsPredictsAndExplainsIt() {
        ExplanationEngine engine = new ExplanationEngine();
        try (VisionModel model = VisionModel.load(CHECKPOINT)) {
            assertEquals("TwoLayerCNN", model.info().family());
            assertEquals(List.of(TwoLayerCnn.LABELS), model.info().labels());
            Prediction p = model.predict(image(), 3);
            assertEquals(3, p.top().size());

            List<String> applicable = engine.registry().applicable(model.info()).stream().map(Explainer::id).toList();
            assertTrue(applicable.containsAll(List.of("grad-cam", "cam", "gradient", "input-x-gradient",
                    "integrated-gradients", "smoothgrad")), applicable.toString());
            assertTrue(applicable.stream().noneMatch(List.of("cls-attention", "attention-rollout", "attnlrp", "lrp")::contains),
                    applicable.toString());

            ExplainResult r = engine.explain(model, ExplainRequest.of(image(), "grad-cam", "cam", "gradient"));
            assertEquals(1, r.forwardPasses());
            assertEquals(1, r.backwardPasses());
            Explanation gradCam = r.images().get(0).get("grad-cam");
            Explanation cam = r.images().get(0).get("cam");
            int c = cam.target();
            int hw = TwoLayerCnnFamily.SIZE * TwoLayerCnnFamily.SIZE;
            // The logit is W_c · mean(A) + b_c, so CAM's mean plus the bias is the logit, and Grad-CAM's
            // channel weights are W_c / (h·w): its map is ReLU(CAM) / (h·w).
            float bias = model.parameter("cnn.head.bias").data()[c];
            float logit = p.top().stream().filter(s -> s.index() == c).findFirst().orElseThrow().logit();
            assertEquals(logit, cam.map().sum() / hw + bias, 1e-4 * Math.max(1, Math.abs(logit)), "mean CAM + bias = logit");
            float[] cams = cam.map().values();
            float[] grads = gradCam.map().values();
            assertEquals(hw, grads.length);
            for (int i = 0; i < hw; i++) {
                assertEquals(Math.max(0f, cams[i]) / hw, grads[i], 1e-5 * Math.max(1e-3, Math.abs(cams[i])), "Grad-CAM at " + i);
            }
            Explanation gradient = r.images().get(0).get("gradient");
            assertEquals(TwoLayerCnnFamily.SIZE, gradient.map().height());
            assertTrue(gradient.map().max() > 0, "the saliency is not all zero");
        }
    }

    @Test
    void theApiListsItWithItsMethodsAndExplainsIt() {
        given().when().get("/api/v1/models")
                .then().statusCode(200)
                .body("models.name", hasItem("two-layer-cnn"))
                .body("models.find { it.name == 'two-layer-cnn' }.explainers", hasItems("grad-cam", "cam", "gradient"))
                .body("models.find { it.name == 'two-layer-cnn' }.explainers", not(hasItem("cls-attention")));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "two-layer-cnn", "image", Fixtures.base64("resnet-a.png"),
                        "methods", List.of("grad-cam", "gradient")))
                .when().post("/api/v1/explain")
                .then().statusCode(200)
                .body("explanations.method", contains("grad-cam", "gradient"))
                .body("explanations[0].map.height", equalTo(TwoLayerCnnFamily.SIZE))
                .body("passes.backward", equalTo(1));
        given().contentType(ContentType.JSON)
                .body(Map.of("model", "two-layer-cnn", "image", Fixtures.base64("resnet-a.png"),
                        "methods", List.of("cls-attention")))
                .when().post("/api/v1/explain")
                .then().statusCode(400);
    }
}
