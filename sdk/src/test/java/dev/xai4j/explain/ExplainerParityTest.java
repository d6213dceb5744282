package dev.xai4j.explain;

import dev.xai4j.Fixtures;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every explainer against every expected tensor of the fixtures, all methods of a case from one
 * shared pass. Tolerances from the fixtures README: maps without gradients 1e-4 (absolute or
 * relative to the map's largest magnitude), gradient-based maps 1e-3 relative.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainerParityTest {

    private final Map<Path, VisionModel> models = new HashMap<>();
    private final ExplanationEngine engine = new ExplanationEngine();

    private VisionModel model(Fixtures.Case c) {
        return models.computeIfAbsent(c.model(), VisionModel::load);
    }

    @AfterAll
    void close() {
        models.values().forEach(VisionModel::close);
    }

    static List<Fixtures.Case> vitCases() {
        return Fixtures.vitCases();
    }

    static List<Fixtures.Case> resnetCases() {
        return Fixtures.resnetCases();
    }

    /** expected tensor name → the method request that must reproduce it. */
    private static Map<String, MethodRequest> vitMethods(int depth, int heads) {
        Map<String, MethodRequest> m = new java.util.LinkedHashMap<>();
        m.put("cls_attention", MethodRequest.of("cls-attention"));
        for (int l = 0; l < depth; l++) {
            m.put("cls_attention.layer" + l, MethodRequest.of("cls-attention", "layer", l));
        }
        for (int h = 0; h < heads; h++) {
            m.put("cls_attention.head" + h, MethodRequest.of("cls-attention", "head", h));
        }
        m.put("cls_attention.fusion_max", MethodRequest.of("cls-attention", "head_fusion", "max"));
        for (String f : List.of("mean", "max", "min")) {
            for (int d : new int[]{0, 60, 90}) {
                m.put("rollout." + f + ".discard" + d, MethodRequest.of("attention-rollout", "head_fusion", f,
                        "discard_ratio", d / 100.0));
            }
        }
        m.put("chefer", MethodRequest.of("chefer-relevance"));
        m.put("gradcam", MethodRequest.of("grad-cam"));
        return m;
    }

    private static final java.util.Set<String> GRADIENT_BASED = java.util.Set.of("chefer", "gradcam",
            "gradcam.layer4", "gradcam.conv2", "gradient", "input_x_gradient");

    @ParameterizedTest
    @MethodSource("vitCases")
    void vit(Fixtures.Case c) {
        VisionModel m = model(c);
        check(c, m, vitMethods(m.info().depth(), m.info().capabilities().attention().orElseThrow().heads()));
    }

    @ParameterizedTest
    @MethodSource("resnetCases")
    void resnet(Fixtures.Case c) {
        Map<String, MethodRequest> methods = new java.util.LinkedHashMap<>();
        methods.put("gradcam.layer4", MethodRequest.of("grad-cam"));
        methods.put("gradcam.conv2", MethodRequest.of("grad-cam", "layer", "layer4.0.conv2"));
        methods.put("cam", MethodRequest.of("cam"));
        methods.put("gradient", MethodRequest.of("gradient"));
        methods.put("input_x_gradient", MethodRequest.of("input-x-gradient"));
        check(c, model(c), methods);
    }

    @ParameterizedTest
    @MethodSource("vitCases")
    void vitLrp(Fixtures.Case c) {
        Map<String, MethodRequest> methods = new java.util.LinkedHashMap<>();
        methods.put("attnlrp.pixels", MethodRequest.of("attnlrp"));
        methods.put("attnlrp.tokens", MethodRequest.of("attnlrp", "resolution", "tokens"));
        methods.put("cplrp.pixels", MethodRequest.of("cp-lrp"));
        methods.put("cplrp.tokens", MethodRequest.of("cp-lrp", "resolution", "tokens"));
        check(c, model(c), methods, 2);
    }

    @ParameterizedTest
    @MethodSource("resnetCases")
    void resnetLrp(Fixtures.Case c) {
        Map<String, MethodRequest> methods = new java.util.LinkedHashMap<>();
        methods.put("lrp.pixels", MethodRequest.of("lrp"));
        methods.put("lrp.layer4", MethodRequest.of("lrp", "layer", "features"));
        ImageExplanations img = check(c, model(c), methods, 1);
        // LRP's sanity check: the input relevance sums to the target logit (within 1 %; the classifier's
        // bias and the z⁺-dead outputs absorb the rest)
        Explanation e = img.explanations().get(0);
        double logit = e.measures().get("target_logit");
        assertEquals(logit, e.measures().get("relevance_sum"), 0.01 * Math.abs(logit), c + " conservation");
    }

    private void check(Fixtures.Case c, VisionModel m, Map<String, MethodRequest> methods) {
        check(c, m, methods, 1);
    }

    /** Runs the methods in one request and compares each with its expected tensor; {@code passes} per rules group. */
    private ImageExplanations check(Fixtures.Case c, VisionModel m, Map<String, MethodRequest> methods, int passes) {
        var image = new ImageDecoder().read(c.image());
        long f0 = m.forwardPasses();
        long b0 = m.backwardPasses();
        ExplainResult r = engine.explain(m, new ExplainRequest(List.of(image), Target.index(c.target()),
                new ArrayList<>(methods.values()), 5));
        assertEquals(passes, m.forwardPasses() - f0, "one forward pass per set of gradient rules");
        assertEquals(passes, m.backwardPasses() - b0, "one backward pass per set of gradient rules");
        List<Explanation> ex = r.images().get(0).explanations();
        int i = 0;
        for (String name : methods.keySet()) {
            Explanation e = ex.get(i++);
            assertEquals(c.target(), e.target());
            Tensor expected = c.expected(name);
            Tensor actual = e.raw() != null && e.raw().rank() == expected.rank() ? e.raw()
                    : Tensor.of(e.map().values(), e.map().height(), e.map().width());
            if (GRADIENT_BASED.contains(name) || name.contains("lrp")) {
                Fixtures.assertRelClose(expected, actual, 1e-3, c + " " + name);
            } else {
                Fixtures.assertClose(expected, actual, 1e-4, c + " " + name);
            }
        }
        return r.images().get(0);
    }
}
