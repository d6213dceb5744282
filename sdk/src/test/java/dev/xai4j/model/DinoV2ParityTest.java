package dev.xai4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xai4j.Fixtures;
import dev.xai4j.explain.ExplainRequest;
import dev.xai4j.explain.ExplainResult;
import dev.xai4j.explain.ExplanationEngine;
import dev.xai4j.explain.Explanation;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.Target;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The timm DINOv2-style ViT of {@code architectures.json} (4 registers, LayerScale, position embeddings
 * for the patches only): every expected tensor of its cases, at the native 64 px and at 96 px with the
 * position embeddings resampled, through the SDK's loader and the explanation engine, at the fixtures
 * README's tolerances: max |got − want| ≤ tol · max(max |want|, 1e-6).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DinoV2ParityTest {

    /** One {@code timm-vit} case of {@code architectures.json}. */
    record Case(String name, Path model, Path image, int size, int target, String targetKind, Path expected) {
        Tensor expected(String tensor) {
            try (SafetensorsFile f = SafetensorsFile.open(expected)) {
                return f.read(tensor);
            }
        }

        boolean hasExpected(String tensor) {
            try (SafetensorsFile f = SafetensorsFile.open(expected)) {
                return f.contains(tensor);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final Map<String, Double> TOLERANCE = Map.of("logits", 1e-4, "pixel_values", 1e-4,
            "attention", 1e-4, "cls_attention", 1e-4, "rollout.mean.discard0", 1e-4,
            "gradient", 1e-3, "input_x_gradient", 1e-3, "chefer", 1e-3, "gradcam", 1e-3);

    private final Map<String, VisionModel> models = new HashMap<>();
    private final ExplanationEngine engine = new ExplanationEngine();

    static List<Case> cases() throws IOException {
        JsonNode root = new ObjectMapper().readTree(Fixtures.root().resolve("architectures.json").toFile());
        List<Case> out = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            if (c.get("format").asText().equals("timm-vit")) {
                out.add(new Case(c.get("case").asText(), Fixtures.root().resolve(c.get("model").asText()),
                        Fixtures.root().resolve(c.get("image").asText()), c.get("image_size").asInt(),
                        c.get("target").asInt(), c.get("target_kind").asText(), Fixtures.root().resolve(c.get("expected").asText())));
            }
        }
        return out;
    }

    private VisionModel model(Case c) {
        return models.computeIfAbsent(c.model() + "@" + c.size(), k -> VisionModel.load(c.model(), c.size()));
    }

    @AfterAll
    void close() {
        models.values().forEach(VisionModel::close);
    }

    /** max |got − want| ≤ tol · max(max |want|, 1e-6), the fixtures' rule. */
    static void assertWithin(Tensor want, Tensor got, String what) {
        String kind = what.substring(what.lastIndexOf(' ') + 1);
        double tol = TOLERANCE.get(kind.startsWith("attention.") ? "attention" : kind);
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        double max = 0;
        for (float v : want.data()) {
            max = Math.max(max, Math.abs(v));
        }
        double worst = 0;
        int at = 0;
        for (int i = 0; i < want.data().length; i++) {
            double d = Math.abs((double) want.data()[i] - got.data()[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        double allowed = tol * Math.max(max, 1e-6);
        if (!(worst <= allowed)) {
            fail(String.format("%s: max difference %.3g at %d (want %s, got %s) exceeds %.3g", what, worst, at,
                    want.data()[at], got.data()[at], allowed));
        }
    }

    @Test
    void bothSizesAreCases() throws IOException {
        assertEquals(List.of(64, 96), cases().stream().map(Case::size).toList());
    }

    @Test
    void readsRegistersLayerScaleAndPatchOnlyPositionsFromTheCheckpoint() throws IOException {
        Case c = cases().get(0);
        try (VisionModel m = VisionModel.load(c.model())) {
            ViTConfig vc = m.spec().vit();
            assertEquals(new ViTConfig(64, 8, 48, 4, 4, 96, 5, 1e-6, false, 4, false, true, true), vc);
            TokenLayout t = m.info().capabilities().tokens().orElseThrow();
            assertEquals(new TokenLayout(true, false, 4, 8, 8), t);
            assertEquals(69, t.tokenCount());
            assertEquals("REG3", t.tokenName(4));
            assertEquals(64, m.preprocessing().height());
            assertEquals(List.of(1, 64, 48), toList(m.parameter("pos_embed").shape()));
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void inputSizeSetsGridTokensAndPreprocessing(Case c) {
        VisionModel m = model(c);
        int g = c.size() / 8;
        assertEquals(new TokenLayout(true, false, 4, g, g), m.info().capabilities().tokens().orElseThrow());
        assertEquals(c.size(), m.info().inputHeight());
        assertEquals(c.size(), m.preprocessing().height());
        assertEquals(c.size(), m.preprocessing().width());
        assertEquals(List.of(1, g * g, 48), toList(m.parameter("pos_embed").shape()));
        assertEquals(g, m.info().capabilities().lastFeatureMap().height());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void pixelValuesLogitsAndAttention(Case c) {
        VisionModel m = model(c);
        RgbImage image = new ImageDecoder().read(c.image());
        assertEquals(c.size(), image.width(), "the PNG is used as it is");
        Tensor pixels = m.preprocessing().apply(image);
        assertWithin(c.expected("pixel_values"), pixels, c + " pixel_values");
        Set<String> captures = new HashSet<>();
        for (int l = 0; l < m.info().depth(); l++) {
            captures.add(CapturePoints.attention(l));
        }
        PassResult r = m.run(PassRequest.forward(pixels.reshape(1, 3, c.size(), c.size()), captures));
        Tensor logits = r.logits().slice(0);
        assertWithin(c.expected("logits"), logits, c + " logits");
        int checked = 0;
        for (int l = 0; l < m.info().depth(); l++) {
            if (c.hasExpected("attention." + l)) {
                assertWithin(c.expected("attention." + l), r.capture(CapturePoints.attention(l)).slice(0), c + " attention." + l);
                checked++;
            }
        }
        assertEquals(c.size() == 64 ? 4 : 1, checked, "attention layers in the fixture");
        float[] v = logits.data();
        int pick = 0;
        for (int i = 1; i < v.length; i++) {
            if (c.targetKind().equals("top") ? v[i] > v[pick] : v[i] < v[pick]) {
                pick = i;
            }
        }
        assertEquals(c.target(), pick, c + ": the target is the " + c.targetKind() + " class");
    }

    /** Every map through the engine, from one forward and one backward pass. */
    @ParameterizedTest
    @MethodSource("cases")
    void explanations(Case c) {
        VisionModel m = model(c);
        Map<String, MethodRequest> methods = new LinkedHashMap<>();
        methods.put("gradient", MethodRequest.of("gradient"));
        methods.put("input_x_gradient", MethodRequest.of("input-x-gradient"));
        methods.put("cls_attention", MethodRequest.of("cls-attention"));
        methods.put("rollout.mean.discard0", MethodRequest.of("attention-rollout", "head_fusion", "mean", "discard_ratio", 0.0));
        methods.put("chefer", MethodRequest.of("chefer-relevance"));
        methods.put("gradcam", MethodRequest.of("grad-cam"));
        long f0 = m.forwardPasses();
        ExplainResult r = engine.explain(m, new ExplainRequest(List.of(new ImageDecoder().read(c.image())),
                Target.index(c.target()), new ArrayList<>(methods.values()), 5));
        assertEquals(1, m.forwardPasses() - f0, "one shared pass");
        List<Explanation> ex = r.images().get(0).explanations();
        int i = 0;
        for (String name : methods.keySet()) {
            Explanation e = ex.get(i++);
            assertEquals(c.target(), e.target());
            Tensor want = c.expected(name);
            Tensor got = e.raw() != null && e.raw().rank() == want.rank() ? e.raw()
                    : Tensor.of(e.map().values(), e.map().height(), e.map().width());
            assertWithin(want, got, c + " " + name);
        }
    }

    @Test
    void resampledPositionsFollowTimmsAntialiasedBicubic() {
        // a constant plane stays constant; prefix rows are copied
        float[] out = ResampledPositions.resample(new float[]{7, 8, 1, 1, 1, 1}, 2, 2, 3, 1);
        assertEquals(2 + 9, out.length);
        assertEquals(7f, out[0]);
        assertEquals(8f, out[1]);
        for (int k = 2; k < out.length; k++) {
            assertEquals(1f, out[k], 1e-6f);
        }
        // a ramp 0, 1 along each row, 2 → 3 columns: scale 2/3, output o has centre c = (o + 0.5)·2/3 and
        // weighs input j by K(j − c + 0.5), normalised; output 0: K(1/6) on 0, K(7/6) on 1 (a negative
        // lobe, so the edge overshoots below 0, as timm's does); output 1: K(1/2) on both
        float[] ramp = ResampledPositions.resample(new float[]{0, 1, 0, 1}, 0, 2, 3, 1);
        double edge = keys(7.0 / 6) / (keys(1.0 / 6) + keys(7.0 / 6));
        assertEquals(-0.06, edge, 0.01);
        assertArrayEquals(new float[]{(float) edge, 0.5f, (float) (1 - edge), (float) edge, 0.5f, (float) (1 - edge),
                (float) edge, 0.5f, (float) (1 - edge)}, ramp, 1e-6f);
    }

    /** Keys' cubic with a = −0.5. */
    private static double keys(double d) {
        double t = Math.abs(d);
        return t < 1 ? 1.5 * t * t * t - 2.5 * t * t + 1 : t < 2 ? -0.5 * t * t * t + 2.5 * t * t - 4 * t + 2 : 0;
    }

    private static List<Integer> toList(long[] shape) {
        List<Integer> out = new ArrayList<>();
        for (long s : shape) {
            out.add((int) s);
        }
        return out;
    }
}
