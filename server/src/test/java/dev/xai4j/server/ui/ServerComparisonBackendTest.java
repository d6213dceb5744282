package dev.xai4j.server.ui;

import dev.xai4j.Fixtures;
import dev.xai4j.anatomy.AttentionMatrix;
import dev.xai4j.explain.ExplainResult;
import dev.xai4j.explain.Explanation;
import dev.xai4j.explain.HeadSelection;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.Target;
import dev.xai4j.image.RgbImage;
import dev.xai4j.ui.AnatomyBackend;
import dev.xai4j.ui.BackendException;
import dev.xai4j.ui.ComparisonBackend;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The web UI's backend on the server's services: results, and failures of the right kind. */
@QuarkusTest
class ServerComparisonBackendTest {

    @Inject
    ComparisonBackend backend;

    /** The same bean, as the anatomy page sees it. */
    @Inject
    AnatomyBackend anatomies;

    @Test
    void listsTheDefaultModelFirstAndDescribesIt() {
        List<ComparisonBackend.ModelChoice> models = backend.models();
        assertEquals(new ComparisonBackend.ModelChoice("vit-tiny", true), models.get(0));
        assertTrue(models.stream().anyMatch(m -> m.name().equals("resnet-tiny")));
        ComparisonBackend.ModelDetails vit = backend.describe("vit-tiny");
        assertEquals("ViT", vit.info().family());
        assertTrue(vit.method("attnlrp").isPresent() && vit.method("chefer-relevance").isPresent());
        assertTrue(vit.method("cam").isEmpty(), "CAM does not apply to a CLS-token ViT");
    }

    @Test
    void explainsAllMethodsInOneSharedPass() {
        RgbImage image = backend.decode("vit-a.png", Fixtures.bytes("vit-a.png"));
        ExplainResult r = backend.explain("vit-tiny", image, List.of(MethodRequest.of("chefer-relevance"),
                MethodRequest.of("attention-rollout", "discard_ratio", 0.9), MethodRequest.of("grad-cam")), Target.index(2), 5);
        assertEquals(1, r.forwardPasses());
        assertEquals(1, r.backwardPasses());
        List<Explanation> e = r.images().get(0).explanations();
        assertEquals(List.of("chefer-relevance", "attention-rollout", "grad-cam"), e.stream().map(Explanation::method).toList());
        assertTrue(e.stream().allMatch(x -> x.target() == 2));
        assertEquals(5, backend.predict("vit-tiny", image, 5).top().size());
    }

    @Test
    void attnLrpReportsConservation() {
        RgbImage image = backend.decode("vit-a.png", Fixtures.bytes("vit-a.png"));
        Explanation e = backend.explain("vit-tiny", image, List.of(MethodRequest.of("attnlrp")), Target.top(), 5)
                .images().get(0).explanations().get(0);
        assertTrue(e.measures().containsKey("relevance_sum") && e.measures().containsKey("target_logit"), e.measures().toString());
        assertTrue(e.map().min() < 0, "AttnLRP relevance is signed");
    }

    @Test
    void anatomyOfTheFixtureViTMatchesTheFixturesHeadByHeadWithItsStandardFigures() {
        String fixture = "vit-tiny-hf__vit-a__top";
        RgbImage image = backend.decode("vit-a.png", Fixtures.bytes("vit-a.png"));
        AnatomyBackend.Anatomy a = anatomies.anatomy("vit-tiny", image);
        assertEquals("vit-tiny", a.model());
        assertEquals("square", a.prediction().best().label());
        int n = 65;
        for (int l = 0; l < 4; l++) {
            float[] expected = Fixtures.expected(fixture, "attention." + l).data();
            for (int h = 0; h < 4; h++) {
                AttentionMatrix m = a.views().attentionMatrix(l, HeadSelection.head(h));
                Fixtures.assertClose(Arrays.copyOfRange(expected, h * n * n, (h + 1) * n * n), m.values(), 1e-4, 1e-4,
                        "attention." + l + " head " + h);
            }
        }
        // the figures the page takes as drawn, by the names it looks them up with
        for (String name : List.of("layers-mean", "heads-layer3", "attention-distance-scatter", "attention-distance-table",
                "attention-distance-curve", "attention-distance-bars", "position-similarity-grid",
                "position-similarity-patch36", "position-pca", "cls-path", "cls-norms", "patch-grid")) {
            byte[] png = a.figures().get(name);
            assertTrue(png != null && png.length > 1000 && (png[1] == 'P' && png[2] == 'N' && png[3] == 'G'), name);
        }

        RgbImage square = backend.decode("resnet-a.png", Fixtures.bytes("resnet-a.png"));
        BackendException e = assertThrows(BackendException.class, () -> anatomies.anatomy("resnet-tiny", square));
        assertEquals(BackendException.Kind.INVALID_REQUEST, e.kind());
        assertEquals("anatomy views need global self-attention over tokens; model resnet-tiny (ResNet) has none", e.getMessage());
        assertEquals(BackendException.Kind.MODEL_UNAVAILABLE, assertThrows(BackendException.class,
                () -> anatomies.anatomy("no-such-model", image)).kind());
    }

    @Test
    void failuresComeWithTheirKind() {
        assertEquals(BackendException.Kind.BAD_IMAGE, assertThrows(BackendException.class,
                () -> backend.decode("notes.png", "not pixels".getBytes(StandardCharsets.UTF_8))).kind());
        assertEquals(BackendException.Kind.TOO_LARGE, assertThrows(BackendException.class,
                () -> backend.decode("huge.png", Fixtures.pngClaiming(50_000, 50_000))).kind());
        RgbImage image = backend.decode("vit-a.png", Fixtures.bytes("vit-a.png"));
        assertEquals(BackendException.Kind.INVALID_REQUEST, assertThrows(BackendException.class,
                () -> backend.explain("vit-tiny", image, List.of(MethodRequest.of("attention-rollout", "discard_ratio", 1.5)),
                        Target.top(), 5)).kind());
        assertEquals(BackendException.Kind.INVALID_REQUEST, assertThrows(BackendException.class,
                () -> backend.explain("vit-tiny", image, List.of(MethodRequest.of("cam")), Target.top(), 5)).kind());
        assertEquals(BackendException.Kind.MODEL_UNAVAILABLE, assertThrows(BackendException.class,
                () -> backend.describe("no-such-model")).kind());
    }
}
