package dev.xai4j.explain;

import dev.xai4j.Fixtures;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared-pass plan, batching, targets, the SPI and parameter validation. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplanationEngineTest {

    private static final List<String> COMPARISON = List.of("cls-attention", "attention-rollout", "grad-cam", "chefer-relevance");

    private final ExplanationEngine engine = new ExplanationEngine();
    private VisionModel vit;
    private VisionModel resnet;
    private RgbImage vitA;
    private RgbImage vitB;
    private RgbImage resnetA;

    @BeforeAll
    void load() {
        vit = VisionModel.load(Fixtures.model("vit-tiny-hf"));
        resnet = VisionModel.load(Fixtures.model("resnet-tiny-basic"));
        ImageDecoder d = new ImageDecoder();
        vitA = d.read(Fixtures.image("vit-a.png"));
        vitB = d.read(Fixtures.image("vit-b.png"));
        resnetA = d.read(Fixtures.image("resnet-a.png"));
    }

    @AfterAll
    void close() {
        vit.close();
        resnet.close();
    }

    private static List<MethodRequest> methods(List<String> ids) {
        return ids.stream().map(MethodRequest::of).toList();
    }

    @Test
    void fourComparisonMethodsShareOneForwardAndOneBackwardPass() {
        long f0 = vit.forwardPasses();
        long b0 = vit.backwardPasses();
        ExplainResult r = engine.explain(vit, new ExplainRequest(List.of(vitA), Target.top(), methods(COMPARISON), 5));
        assertEquals(1, vit.forwardPasses() - f0, "forward passes");
        assertEquals(1, vit.backwardPasses() - b0, "backward passes");
        assertEquals(1, r.forwardPasses());
        assertEquals(1, r.backwardPasses());
        ImageExplanations img = r.images().get(0);
        assertEquals(4, img.explanations().size());
        // vit-a's top class is 1 (cases.json); the top target was found inside the pass
        assertEquals(1, img.prediction().best().index());
        for (Explanation e : img.explanations()) {
            assertEquals(1, e.target());
            assertEquals("square", e.targetLabel());
            assertEquals(8, e.map().height());
            assertEquals(0, e.extraForward());
        }
        Fixtures.assertRelClose(Fixtures.cases().get(0).expected("chefer"), asTensor(img.get("chefer-relevance").map()),
                1e-3, "chefer with the in-graph top target");
    }

    @Test
    void aBatchOfFourGivesTheSameMapsAsOneAtATime() {
        List<RgbImage> batch = List.of(vitA, vitB, vitB, vitA);
        List<MethodRequest> m = methods(COMPARISON);
        long f0 = vit.forwardPasses();
        ExplainResult together = engine.explain(vit, new ExplainRequest(batch, Target.top(), m, 5));
        assertEquals(1, vit.forwardPasses() - f0, "one forward pass for the whole batch");
        for (int i = 0; i < batch.size(); i++) {
            ExplainResult alone = engine.explain(vit, new ExplainRequest(List.of(batch.get(i)), Target.top(), m, 5));
            for (int k = 0; k < m.size(); k++) {
                Heatmap a = alone.images().get(0).explanations().get(k).map();
                Heatmap b = together.images().get(i).explanations().get(k).map();
                Fixtures.assertClose(a.values(), b.values(), 1e-5, "image " + i + " " + m.get(k).method());
            }
        }
        // and the two images differ, so the comparison is not vacuous
        assertNotEquals(together.images().get(0).explanations().get(0).map(), together.images().get(1).explanations().get(0).map());
    }

    @Test
    void targetsByIndexLabelAndTopK() {
        ExplainResult byLabel = engine.explain(vit, new ExplainRequest(List.of(vitA), Target.label("Ring"),
                methods(List.of("grad-cam")), 3));
        assertEquals(3, byLabel.images().get(0).explanations().get(0).target());
        assertEquals(3, byLabel.images().get(0).prediction().top().size());

        long f0 = vit.forwardPasses();
        ExplainResult topK = engine.explain(vit, new ExplainRequest(List.of(vitA, vitB), Target.topK(2),
                methods(List.of("cls-attention", "chefer-relevance")), 5));
        assertEquals(2, vit.forwardPasses() - f0, "top-k with gradients: one forward to rank, one shared pass");
        assertEquals(2, topK.forwardPasses());
        for (ImageExplanations img : topK.images()) {
            List<Explanation> ex = img.explanations();
            assertEquals(4, ex.size());
            assertEquals(img.prediction().top().get(0).index(), ex.get(0).target());
            assertEquals(img.prediction().top().get(1).index(), ex.get(2).target());
            // chefer depends on the target, CLS attention does not
            assertEquals(ex.get(0).map(), ex.get(2).map());
            assertNotEquals(ex.get(1).map(), ex.get(3).map());
        }
        // each top-k chefer map equals the one asked for that class by index
        Explanation second = topK.images().get(0).explanations().get(3);
        ExplainResult byIndex = engine.explain(vit, new ExplainRequest(List.of(vitA), Target.index(second.target()),
                methods(List.of("chefer-relevance")), 5));
        Fixtures.assertClose(byIndex.images().get(0).explanations().get(0).map().values(), second.map().values(), 1e-5,
                "top-k row vs explicit target");
    }

    @Test
    void pluginExplainerFromTheClassPathIsFoundAndRun(@TempDir Path plugin) throws IOException {
        // a plug-in's jar as a class-path entry of its own: its META-INF/services names the class (the
        // registration is not in the SDK's test classes, which the server's tests also see)
        Path services = Files.createDirectories(plugin.resolve("META-INF/services"));
        Files.writeString(services.resolve(Explainer.class.getName()), PatchNormExplainer.class.getName() + "\n");
        ExplanationEngine withPlugin;
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        try (URLClassLoader cl = new URLClassLoader(new URL[]{plugin.toUri().toURL()}, getClass().getClassLoader())) {
            t.setContextClassLoader(cl);
            withPlugin = new ExplanationEngine();
        } finally {
            t.setContextClassLoader(before);
        }
        assertTrue(withPlugin.registry().all().stream().anyMatch(e -> e.id().equals("test-patch-norm")));
        ExplainResult r = withPlugin.explain(vit, ExplainRequest.of(vitA, "test-patch-norm"));
        Heatmap map = r.images().get(0).explanations().get(0).map();
        assertEquals(8, map.height());
        assertTrue(map.min() > 0, "token norms are positive");
    }

    @Test
    void integratedGradientsAreCompleteAndSmoothGradIsDeterministic() {
        ExplainResult r = engine.explain(resnet, new ExplainRequest(List.of(resnetA), Target.top(),
                List.of(MethodRequest.of("integrated-gradients", "steps", 64, "batch_size", 32)), 5));
        Explanation ig = r.images().get(0).explanations().get(0);
        assertEquals(2, ig.extraForward(), "64 steps in batches of 32");
        // completeness: Σ IG ≈ y(x) − y(black)
        Tensor black = Tensor.of(IntegratedGradientsExplainer.black(resnet.preprocessing().apply(resnetA),
                resnet.preprocessing()), 1, 3, 128, 128);
        float yBlack = resnet.run(PassRequest.forward(black, Set.of())).logits().data()[ig.target()];
        float y = r.images().get(0).prediction().best().logit();
        double sum = 0;
        for (float v : ig.raw().data()) {
            sum += v;
        }
        assertEquals(y - yBlack, sum, 0.02 * Math.abs(y - yBlack), "Σ IG vs logit difference");

        List<MethodRequest> sg = List.of(MethodRequest.of("smoothgrad", "samples", 4, "noise", 0.1, "seed", 3));
        Heatmap a = engine.explain(resnet, new ExplainRequest(List.of(resnetA), Target.top(), sg, 5)).images().get(0).explanations().get(0).map();
        Heatmap b = engine.explain(resnet, new ExplainRequest(List.of(resnetA), Target.top(), sg, 5)).images().get(0).explanations().get(0).map();
        assertEquals(a, b);
        // without noise SmoothGrad is the plain gradient
        ExplainResult noNoise = engine.explain(resnet, new ExplainRequest(List.of(resnetA), Target.top(),
                List.of(MethodRequest.of("smoothgrad", "samples", 2, "noise", 0.0), MethodRequest.of("gradient")), 5));
        Fixtures.assertClose(noNoise.images().get(0).explanations().get(1).raw(), noNoise.images().get(0).explanations().get(0).raw(),
                1e-5, "smoothgrad σ=0 vs gradient");
    }

    private ParameterException refused(VisionModel m, MethodRequest method) {
        return assertThrows(ParameterException.class,
                () -> engine.explain(m, new ExplainRequest(List.of(vitA), Target.top(), List.of(method), 5)));
    }

    @Test
    void invalidParametersNameTheParameterAndTheRange() {
        ParameterException layer = refused(vit, MethodRequest.of("cls-attention", "block", 4));
        assertEquals("block", layer.parameter());
        assertTrue(layer.getMessage().contains("[-4, 3]"), layer.getMessage());
        ParameterException head = refused(vit, MethodRequest.of("cls-attention", "head", 7));
        assertEquals("head", head.parameter());
        assertTrue(head.getMessage().contains("[-1, 3]"), head.getMessage());
        ParameterException ratio = refused(vit, MethodRequest.of("attention-rollout", "discard_ratio", 1.0));
        assertEquals("discard_ratio", ratio.parameter());
        assertTrue(ratio.getMessage().contains("[0, 1)"), ratio.getMessage());
        assertEquals("discard_ratio", refused(vit, MethodRequest.of("attention-rollout", "discard_ratio", -0.1)).parameter());
        assertEquals("head_fusion", refused(vit, MethodRequest.of("attention-rollout", "head_fusion", "median")).parameter());
        assertEquals("layer", refused(vit, MethodRequest.of("grad-cam", "layer", "conv9")).parameter());
        assertEquals("layer", refused(resnet, MethodRequest.of("grad-cam", "layer", "logits")).parameter());
        ParameterException unknown = refused(vit, MethodRequest.of("cls-attention", "layr", 1));
        assertEquals("layr", unknown.parameter());
        ParameterException rolloutOnResnet = refused(resnet, MethodRequest.of("attention-rollout"));
        assertEquals("method", rolloutOnResnet.parameter());
        assertTrue(rolloutOnResnet.getMessage().contains("does not apply"), rolloutOnResnet.getMessage());
        assertEquals("method", refused(vit, MethodRequest.of("cam")).parameter());
        assertEquals("method", refused(vit, MethodRequest.of("deep-taylor")).parameter());
        assertEquals("target", assertThrows(ParameterException.class, () -> engine.explain(vit,
                new ExplainRequest(List.of(vitA), Target.label("giraffe"), methods(List.of("grad-cam")), 5))).parameter());
        assertEquals("target", assertThrows(ParameterException.class, () -> engine.explain(vit,
                new ExplainRequest(List.of(vitA), Target.index(5), methods(List.of("grad-cam")), 5))).parameter());
        assertEquals(Map.of("head_fusion", "max", "discard_ratio", 0.0, "start_block", 0),
                engine.validate(vit.info(), MethodRequest.of("attention-rollout", "head_fusion", "MAX")).values());
    }

    @Test
    void applicableMethodsPerArchitecture() {
        List<String> vitIds = engine.registry().applicable(vit.info()).stream().map(Explainer::id).toList();
        List<String> cnnIds = engine.registry().applicable(resnet.info()).stream().map(Explainer::id).toList();
        assertTrue(vitIds.containsAll(COMPARISON));
        assertTrue(!vitIds.contains("cam"));
        assertTrue(cnnIds.containsAll(List.of("grad-cam", "cam", "input-x-gradient", "integrated-gradients")));
        assertTrue(!cnnIds.contains("attention-rollout"));
    }

    @Test
    void targetParsing() {
        assertEquals(Target.top(), Target.parse("top"));
        assertEquals(Target.topK(3), Target.parse("top-3"));
        assertEquals(Target.index(12), Target.parse("12"));
        assertEquals(Target.label("tabby cat"), Target.parse("tabby cat"));
    }

    @Test
    void lrpMethodsBatchAndTakeOnePassEach() {
        List<MethodRequest> m = List.of(MethodRequest.of("attnlrp"), MethodRequest.of("chefer-relevance"));
        long f0 = vit.forwardPasses();
        long b0 = vit.backwardPasses();
        ExplainResult together = engine.explain(vit, new ExplainRequest(List.of(vitA, vitB), Target.top(), m, 5));
        assertEquals(2, vit.forwardPasses() - f0, "one pass for the plain gradients, one for the LRP rules");
        assertEquals(2, vit.backwardPasses() - b0);
        ExplainResult alone = engine.explain(vit, new ExplainRequest(List.of(vitB), Target.top(), m, 5));
        Fixtures.assertClose(alone.images().get(0).get("attnlrp").map().values(),
                together.images().get(1).get("attnlrp").map().values(), 1e-5, "attnlrp batch vs single");
        assertTrue(together.images().get(0).get("attnlrp").measures().containsKey("relevance_sum"));
    }

    @Test
    void everyCapturePointHasAGradient() {
        for (VisionModel m : List.of(vit, resnet)) {
            Set<String> all = new java.util.HashSet<>(m.info().capturePoints());
            all.remove("logits");
            Tensor px = m.preprocessing().apply(m == vit ? vitA : resnetA);
            var r = m.run(new PassRequest(px.reshape(1, 3, px.dim(1), px.dim(2)), Set.of(), new int[]{PassRequest.TOP_CLASS}, all));
            for (String c : all) {
                float[] g = r.gradient(c).data();
                double norm = 0;
                for (float v : g) {
                    norm += v * v;
                }
                assertTrue(norm > 0 && Double.isFinite(norm), m.info().name() + ": gradient of " + c);
            }
        }
    }

    private static Tensor asTensor(Heatmap h) {
        return Tensor.of(h.values(), h.height(), h.width());
    }
}
