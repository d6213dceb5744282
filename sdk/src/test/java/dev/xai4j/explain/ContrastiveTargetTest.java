package dev.xai4j.explain;

import dev.xai4j.Fixtures;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * "Why A rather than B": the gradient of y_A − y_B. Where a method is linear in the gradient (the
 * gradient itself, input × gradient, Grad-CAM's channel weights) or in the classifier's weights (CAM),
 * the contrastive map is the difference of the two classes' maps; the target class's maps are tied to
 * the fixtures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContrastiveTargetTest {

    private final Map<Path, VisionModel> models = new HashMap<>();
    private final ExplanationEngine engine = new ExplanationEngine();

    private VisionModel model(Path p) {
        return models.computeIfAbsent(p, VisionModel::load);
    }

    @AfterAll
    void close() {
        models.values().forEach(VisionModel::close);
    }

    static List<MoreMethodsParityTest.MethodCase> cases() {
        return MoreMethodsParityTest.cases();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theContrastIsTheDifferenceOfTheTwoClassesWhereTheMethodIsLinear(MoreMethodsParityTest.MethodCase c) {
        VisionModel m = model(c.model());
        RgbImage image = new ImageDecoder().read(c.image());
        int t = c.target();
        int b = (t + 1) % m.info().numClasses();
        List<MethodRequest> methods = new ArrayList<>(List.of(MethodRequest.of("gradient"),
                MethodRequest.of("input-x-gradient"), MethodRequest.of("grad-cam")));
        if (!c.vit()) {
            methods.add(MethodRequest.of("cam"));
        }
        ImageExplanations alone = explain(m, image, Target.index(t), methods);
        ImageExplanations other = explain(m, image, Target.index(b), methods);
        ExplainResult r = engine.explain(m, new ExplainRequest(List.of(image), Target.contrast(Target.index(t),
                Target.index(b)), methods, 5));
        assertEquals(1, r.forwardPasses(), "a contrast costs no extra pass");
        assertEquals(1, r.backwardPasses());
        ImageExplanations contrast = r.images().get(0);
        for (Explanation e : contrast.explanations()) {
            assertEquals(t, e.target());
            assertEquals(b, e.contrast());
            assertEquals(m.info().labels().get(b), e.contrastLabel());
            assertTrue(e.contrastive());
        }
        assertEquals(Explanation.NO_CONTRAST, alone.get("gradient").contrast());

        Fixtures.Case fixture = Fixtures.cases().stream().filter(f -> f.name().equals(c.name())).findFirst().orElseThrow();
        if (!c.vit()) {
            Fixtures.assertRelClose(fixture.expected("gradient"), alone.get("gradient").raw(), 1e-3, c + " gradient of y_A");
            Fixtures.assertClose(fixture.expected("cam"), heatmap(alone.get("cam").map()), 1e-4, c + " CAM of A");
        }
        for (String method : List.of("gradient", "input-x-gradient")) {
            assertDifference(alone.get(method).raw(), other.get(method).raw(), contrast.get(method).raw(), c + " " + method);
        }
        if (!c.vit()) {
            assertDifference(heatmap(alone.get("cam").map()), heatmap(other.get("cam").map()),
                    heatmap(contrast.get("cam").map()), c + " cam");
        }

        // Grad-CAM: the weights of the contrast are the difference of the weights; on the fixture's A,
        // the map is ReLU(Σ_k (w_A − w_B)_k A_k) with w_A from the fixture's own gradient
        String point = m.info().capabilities().lastFeatureMap().name();
        MoreMethodsParityTest.PassContext ca = MoreMethodsParityTest.PassContext.of(m, c.image(), t, point);
        MoreMethodsParityTest.PassContext cb = MoreMethodsParityTest.PassContext.of(m, c.image(), b, point);
        MoreMethodsParityTest.PassContext cab = MoreMethodsParityTest.PassContext.of(m, c.image(), t, b, point);
        float[] wa = ClassActivationExplainer.spatialMean(ca.evidence().gradients());
        float[] wb = ClassActivationExplainer.spatialMean(cb.evidence().gradients());
        float[] wab = ClassActivationExplainer.spatialMean(cab.evidence().gradients());
        assertDifference(Tensor.of(wa, wa.length), Tensor.of(wb, wb.length), Tensor.of(wab, wab.length),
                c + " Grad-CAM weights");
        assertEquals(ca.score(ca.logits()) - cb.score(cb.logits()), cab.score(cab.logits()), 1e-5,
                "the explained score is y_A − y_B");
        Tensor a = c.expected("target_layer.activations");
        ClassActivationExplainer.FeatureMap fa = new ClassActivationExplainer.FeatureMap(a.data(), a.dim(0), a.dim(1), a.dim(2));
        Tensor g = c.expected("target_layer.gradients");
        float[] wFixture = ClassActivationExplainer.spatialMean(
                new ClassActivationExplainer.FeatureMap(g.data(), g.dim(0), g.dim(1), g.dim(2)));
        float[] w = new float[wFixture.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = wFixture[k] - wb[k];
        }
        float[] want = ClassActivationExplainer.channelSum(ClassActivationExplainer.weighted(fa, w));
        for (int i = 0; i < want.length; i++) {
            want[i] = Math.max(0, want[i]);
        }
        MoreMethodsParityTest.assertScaledClose(Tensor.of(want, a.dim(1), a.dim(2)), heatmap(contrast.get("grad-cam").map()),
                1e-3, c + " Grad-CAM of A rather than B");
    }

    @Test
    void targetsParseAndBadContrastsAreRefused() {
        assertEquals(Target.contrast(Target.label("tabby cat"), Target.label("tiger cat")),
                Target.parse("tabby cat vs tiger cat"));
        assertEquals(Target.contrast(Target.top(), Target.index(3)), Target.parse(" top VS 3 "));
        assertEquals(Target.contrast(Target.index(2), Target.index(3)), Target.parse("2 vs. 3"));
        assertEquals(Target.label("vs"), Target.parse("vs"));
        assertEquals("target", assertThrows(ParameterException.class, () -> Target.parse("top-3 vs 2")).parameter());
        assertEquals("target", assertThrows(ParameterException.class, () -> Target.parse("2 vs top")).parameter());
        assertEquals("target", assertThrows(ParameterException.class, () -> Target.parse("1 vs 2 vs 3")).parameter());

        MoreMethodsParityTest.MethodCase c = cases().get(0);
        VisionModel m = model(c.model());
        RgbImage image = new ImageDecoder().read(c.image());
        List<MethodRequest> gradCam = List.of(MethodRequest.of("grad-cam"));
        ParameterException self = assertThrows(ParameterException.class, () -> engine.explain(m, new ExplainRequest(
                List.of(image), Target.contrast(Target.index(2), Target.index(2)), gradCam, 5)));
        assertEquals("target", self.parameter());
        assertTrue(self.getMessage().contains("itself"), self.getMessage());
        // vit-a's top class is the case's target: contrasting the top class with it leaves nothing to explain
        ParameterException top = assertThrows(ParameterException.class, () -> engine.explain(m, new ExplainRequest(
                List.of(image), Target.contrast(Target.top(), Target.index(c.target())), gradCam, 5)));
        assertTrue(top.getMessage().contains("top class of image 0"), top.getMessage());
        assertEquals("target", assertThrows(ParameterException.class, () -> engine.explain(m, new ExplainRequest(
                List.of(image), Target.contrast(Target.index(1), Target.index(99)), gradCam, 5))).parameter());
    }

    private ImageExplanations explain(VisionModel m, RgbImage image, Target t, List<MethodRequest> methods) {
        return engine.explain(m, new ExplainRequest(List.of(image), t, methods, 5)).images().get(0);
    }

    private static Tensor heatmap(Heatmap h) {
        return Tensor.of(h.values(), h.height(), h.width());
    }

    /** contrast = a − b, within 1e-4 of the larger of the two maps' magnitudes (both from float32 passes). */
    private static void assertDifference(Tensor a, Tensor b, Tensor contrast, String what) {
        double scale = 1e-12;
        for (int i = 0; i < a.data().length; i++) {
            scale = Math.max(scale, Math.max(Math.abs(a.data()[i]), Math.abs(b.data()[i])));
        }
        for (int i = 0; i < a.data().length; i++) {
            double want = (double) a.data()[i] - b.data()[i];
            if (!(Math.abs(want - contrast.data()[i]) <= 1e-4 * scale)) {
                fail(what + ": at " + i + " the contrast is " + contrast.data()[i] + ", the difference " + want
                        + " (scale " + scale + ")");
            }
        }
    }
}
