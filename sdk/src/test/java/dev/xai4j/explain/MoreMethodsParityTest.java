package dev.xai4j.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xai4j.Fixtures;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.PassResult;
import dev.xai4j.model.SafetensorsFile;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The CAM family, Score-CAM, Ablation-CAM and occlusion against {@code methods.json} (fixtures README,
 * "More methods"): every method's raw map on every case, the layer's A and G, and the intermediate
 * weights and scores. Tolerance rule of that file: max |got − want| ≤ tol · max(max |want|, 1e-6),
 * tol = 1e-3, Grad-CAM++ on the ViTs 5e-3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MoreMethodsParityTest {

    /** One case of {@code methods.json}. */
    record MethodCase(String name, Path model, Path image, int target, boolean vit, Path file) {
        Tensor expected(String tensor) {
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                return f.read(tensor);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final JsonNode SPEC = read();

    private final Map<Path, VisionModel> models = new HashMap<>();
    private final ExplanationEngine engine = new ExplanationEngine();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Fixtures.root().resolve("methods.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<MethodCase> cases() {
        List<MethodCase> out = new ArrayList<>();
        for (JsonNode c : SPEC.get("cases")) {
            out.add(new MethodCase(c.get("case").asText(), Fixtures.root().resolve(c.get("model").asText()),
                    Fixtures.root().resolve(c.get("image").asText()), c.get("target").asInt(),
                    c.get("family").asText().equals("vit"), Fixtures.root().resolve(c.get("file").asText())));
        }
        return out;
    }

    /** method id → the tensor holding its map. */
    private static Map<String, String> tensors() {
        Map<String, String> m = new LinkedHashMap<>();
        for (JsonNode n : SPEC.get("methods")) {
            m.put(n.get("id").asText(), n.get("tensor").asText());
        }
        return m;
    }

    private VisionModel model(MethodCase c) {
        return models.computeIfAbsent(c.model(), VisionModel::load);
    }

    @AfterAll
    void close() {
        models.values().forEach(VisionModel::close);
    }

    private static double tolerance(MethodCase c, String method) {
        return c.vit() && method.equals("grad-cam-plusplus") ? 5e-3 : 1e-3;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyMethodsRawMap(MethodCase c) {
        VisionModel m = model(c);
        RgbImage image = new ImageDecoder().read(c.image());
        Map<String, String> tensors = tensors();
        assertEquals(10, tensors.size(), "methods.json lists ten methods");
        List<MethodRequest> methods = tensors.keySet().stream().map(MethodRequest::of).toList();
        ExplainResult r = engine.explain(m, new ExplainRequest(List.of(image), Target.index(c.target()), methods, 5));
        assertEquals(1, r.forwardPasses(), "one shared forward pass");
        assertEquals(1, r.backwardPasses(), "one shared backward pass");
        int channels = c.expected("target_layer.activations").dim(0);
        for (Explanation e : r.images().get(0).explanations()) {
            Tensor want = c.expected(tensors.get(e.method()));
            Tensor got = Tensor.of(e.map().values(), e.map().height(), e.map().width());
            assertScaledClose(want, got, tolerance(c, e.method()), c + " " + e.method());
            int extra = switch (e.method()) {
                case "score-cam" -> ceil(channels, 16);
                case "ablation-cam" -> ceil(channels, 32);
                case "occlusion" -> ceil(windows(c), 16);
                default -> 0;
            };
            assertEquals(extra, e.extraForward(), c + " " + e.method() + ": passes of its own");
            assertEquals(0, e.extraBackward(), c + " " + e.method() + ": backward passes of its own");
        }
        Explanation occlusion = r.images().get(0).get("occlusion");
        assertEquals(3, occlusion.raw().dim(0), "occlusion's raw attribution is per channel");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theLayerAndTheIntermediateWeights(MethodCase c) {
        VisionModel m = model(c);
        PassContext ctx = PassContext.of(m, c.image(), c.target(), m.info().capabilities().lastFeatureMap().name());
        ClassActivationExplainer.Evidence e = ctx.evidence();
        assertScaledClose(c.expected("target_layer.activations"), tensor(e.activations()), 1e-4, c + " A");
        assertScaledClose(c.expected("target_layer.gradients"), tensor(e.gradients()), 1e-3, c + " G");

        // the formulas on the fixture's own A and G
        ClassActivationExplainer.FeatureMap a = grid(c.expected("target_layer.activations"));
        ClassActivationExplainer.FeatureMap g = grid(c.expected("target_layer.gradients"));
        assertScaledClose(c.expected("gradcampp.weights"), vector(GradCamPlusPlusExplainer.weights(a, g)), 1e-3,
                c + " Grad-CAM++ weights");
        assertScaledClose(c.expected("xgradcam.weights"), vector(XGradCamExplainer.weights(a, g)), 1e-3, c + " XGrad-CAM weights");
        assertScaledClose(c.expected("eigencam.projection"), projection(a), 1e-3, c + " EigenCAM projection");
        assertScaledClose(c.expected("eigengradcam.projection"),
                projection(ClassActivationExplainer.elementwise(a, g, (gv, av) -> gv * av)), 1e-3,
                c + " EigenGrad-CAM projection");

        // the scores of the masked and the ablated inputs, from this model's passes
        double[] scores = ScoreCamExplainer.scores(ctx, e, 16);
        assertScaledClose(c.expected("scorecam.scores"), vector(scores), 1e-3, c + " Score-CAM scores");
        assertScaledClose(c.expected("scorecam.weights"), vector(ScoreCamExplainer.softmax(scores)), 1e-3,
                c + " Score-CAM weights");
        double[] ablated = AblationCamExplainer.scores(ctx, e, ctx.point(), false, 32);
        assertScaledClose(c.expected("ablationcam.scores"), vector(ablated), 1e-3, c + " Ablation-CAM scores");
        assertScaledClose(c.expected("ablationcam.weights"),
                vector(AblationCamExplainer.weights(ctx.score(ctx.logits()), ablated)), 1e-3, c + " Ablation-CAM weights");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void eigenSmoothProjectsTheWeightedActivations(MethodCase c) {
        VisionModel m = model(c);
        RgbImage image = new ImageDecoder().read(c.image());
        List<MethodRequest> methods = new ArrayList<>();
        // HiResCAM's contributions are G ⊙ A, EigenGrad-CAM's matrix
        methods.add(MethodRequest.of("hirescam", "eigen_smooth", true));
        if (!c.vit()) {
            // a pooled linear classifier has G_kij = w_k at every position: Grad-CAM's w_k A_k is G ⊙ A
            methods.add(MethodRequest.of("grad-cam", "eigen_smooth", "true"));
        }
        ExplainResult r = engine.explain(m, new ExplainRequest(List.of(image), Target.index(c.target()), methods, 5));
        for (Explanation e : r.images().get(0).explanations()) {
            assertScaledClose(c.expected("eigengradcam"), Tensor.of(e.map().values(), e.map().height(), e.map().width()),
                    1e-3, c + " " + e.method() + " with eigen_smooth");
        }
    }

    @ParameterizedTest
    @MethodSource("augmentationCases")
    void augSmoothAveragesTheScaledMapsOfSixInputs(MethodCase c) {
        VisionModel m = model(c);
        RgbImage image = new ImageDecoder().read(c.image());
        ExplainResult r = engine.explain(m, new ExplainRequest(List.of(image), Target.index(c.target()),
                List.of(MethodRequest.of("grad-cam", "aug_smooth", true)), 5));
        Explanation e = r.images().get(0).explanations().get(0);
        assertEquals(1, e.extraForward(), "the five altered inputs in one batched pass");
        assertEquals(1, e.extraBackward());

        // the same computed independently: Grad-CAM of each altered input, mirrored back, min-max scaled
        String point = m.info().capabilities().lastFeatureMap().name();
        Tensor x = m.preprocessing().apply(image);
        int h = -1;
        int w = -1;
        double[] sum = null;
        for (boolean mirror : new boolean[]{false, true}) {
            for (double factor : new double[]{0.9, 1.0, 1.1}) {
                float[] v = new float[x.data().length];
                int cols = x.dim(2);
                for (int i = 0; i < v.length; i++) {
                    int col = i % cols;
                    v[i] = (float) (x.data()[mirror ? i - col + cols - 1 - col : i] * factor);
                }
                PassResult pass = m.run(new PassRequest(Tensor.of(v, 1, x.dim(0), x.dim(1), x.dim(2)), Set.of(point),
                        new int[]{c.target()}, Set.of(point)));
                ClassActivationExplainer.FeatureMap a = ClassActivationExplainer.featureMap(m.info(), point,
                        pass.capture(point).slice(0));
                ClassActivationExplainer.FeatureMap g = ClassActivationExplainer.featureMap(m.info(), point,
                        pass.gradient(point).slice(0));
                h = a.height();
                w = a.width();
                int hw = h * w;
                double[] map = new double[hw];
                for (int k = 0; k < a.channels(); k++) {
                    double mean = 0;
                    for (int i = 0; i < hw; i++) {
                        mean += g.at(k, i);
                    }
                    mean /= hw;
                    for (int i = 0; i < hw; i++) {
                        map[i] += mean * a.at(k, i);
                    }
                }
                double[] back = new double[hw];
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < hw; i++) {
                    int col = i % w;
                    back[i] = Math.max(0, map[mirror ? i - col + w - 1 - col : i]);
                    min = Math.min(min, back[i]);
                    max = Math.max(max, back[i]);
                }
                if (sum == null) {
                    sum = new double[hw];
                }
                for (int i = 0; i < hw; i++) {
                    sum[i] += (back[i] - min) / (max - min + 1e-7);
                }
            }
        }
        float[] want = new float[sum.length];
        for (int i = 0; i < want.length; i++) {
            want[i] = (float) (sum[i] / 6);
        }
        assertScaledClose(Tensor.of(want, h, w), Tensor.of(e.map().values(), h, w), 1e-4, c + " aug_smooth");
        assertTrue(e.map().max() <= 1f && e.map().min() >= 0f, "averaged scaled maps lie in [0, 1]");
    }

    static List<MethodCase> augmentationCases() {
        List<MethodCase> all = cases();
        return List.of(all.stream().filter(MethodCase::vit).findFirst().orElseThrow(),
                all.stream().filter(c -> !c.vit()).findFirst().orElseThrow());
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** Occlusion windows of a case: the arguments of methods.json, ⌈(S − s)/t⌉ + 1 per axis. */
    private static int windows(MethodCase c) {
        for (JsonNode n : SPEC.get("cases")) {
            if (n.get("case").asText().equals(c.name())) {
                int s = n.get("occlusion").get("sliding_window_shapes").get(1).asInt();
                int t = n.get("occlusion").get("strides").get(1).asInt();
                int size = n.get("input_size").get(0).asInt();
                int per = ceil(size - s, t) + 1;
                return per * per;
            }
        }
        throw new IllegalArgumentException(c.name());
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }

    private static ClassActivationExplainer.FeatureMap grid(Tensor t) {
        return new ClassActivationExplainer.FeatureMap(t.data(), t.dim(0), t.dim(1), t.dim(2));
    }

    private static Tensor tensor(ClassActivationExplainer.FeatureMap f) {
        return Tensor.of(f.values(), f.channels(), f.height(), f.width());
    }

    private static Tensor projection(ClassActivationExplainer.FeatureMap f) {
        return Tensor.of(ClassActivationExplainer.firstComponent(f), f.height(), f.width());
    }

    private static Tensor vector(float[] v) {
        return Tensor.of(v, v.length);
    }

    private static Tensor vector(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Tensor.of(f, v.length);
    }

    /** methods.json's rule: max |got − want| ≤ tol · max(max |want|, 1e-6). */
    static void assertScaledClose(Tensor want, Tensor got, double tol, String what) {
        if (!java.util.Arrays.equals(want.shape(), got.shape())) {
            fail(what + ": shape " + java.util.Arrays.toString(got.shape()) + ", expected "
                    + java.util.Arrays.toString(want.shape()));
        }
        double maxAbs = 0;
        for (float v : want.data()) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
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
        double allowed = tol * Math.max(maxAbs, 1e-6);
        if (!(worst <= allowed)) {
            fail(String.format("%s: max difference %.3g at %d (expected %s, got %s) exceeds %.3g (max |expected| %.3g)",
                    what, worst, at, want.data()[at], got.data()[at], allowed, maxAbs));
        }
    }

    /**
     * One image's shared pass at a feature map, as the engine hands it to an explainer, for calling a
     * method's parts directly.
     */
    record PassContext(VisionModel vision, String point, Tensor pixels, PassResult pass, int target, int contrastClass)
            implements ExplainContext {

        static PassContext of(VisionModel m, Path image, int target, String point) {
            return of(m, image, target, Explanation.NO_CONTRAST, point);
        }

        static PassContext of(VisionModel m, Path image, int target, int contrast, String point) {
            Tensor x = m.preprocessing().apply(new ImageDecoder().read(image));
            PassRequest r = new PassRequest(x.reshape(1, x.dim(0), x.dim(1), x.dim(2)), Set.of(point), new int[]{target},
                    Set.of(point));
            if (contrast != Explanation.NO_CONTRAST) {
                r = r.withContrasts(new int[]{contrast});
            }
            return new PassContext(m, point, x, m.run(r), target, contrast);
        }

        ClassActivationExplainer.Evidence evidence() {
            return ClassActivationExplainer.evidence(model(), point, pixels, logits(), capture(point), gradient(point));
        }

        @Override
        public dev.xai4j.model.ModelInfo model() {
            return vision.info();
        }

        @Override
        public java.util.OptionalInt contrast() {
            return contrastClass == Explanation.NO_CONTRAST ? java.util.OptionalInt.empty()
                    : java.util.OptionalInt.of(contrastClass);
        }

        @Override
        public float[] logits() {
            return pass.logits().slice(0).data();
        }

        @Override
        public Tensor capture(String name) {
            return pass.capture(name).slice(0);
        }

        @Override
        public Tensor gradient(String name) {
            return pass.gradient(name).slice(0);
        }

        @Override
        public Tensor parameter(String name) {
            return vision.parameter(name);
        }

        @Override
        public PassResult run(PassRequest request) {
            return vision.run(request);
        }
    }
}
