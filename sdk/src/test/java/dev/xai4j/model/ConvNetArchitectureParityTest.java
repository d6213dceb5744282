package dev.xai4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xai4j.Fixtures;
import dev.xai4j.explain.ExplainRequest;
import dev.xai4j.explain.ExplainResult;
import dev.xai4j.explain.Explanation;
import dev.xai4j.explain.ExplanationEngine;
import dev.xai4j.explain.ImageExplanations;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.ParameterException;
import dev.xai4j.explain.Target;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.RgbImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ConvNeXt (torchvision and timm naming) and EfficientNet cases of {@code architectures.json}: every
 * expected tensor at the fixtures README's tolerances (max |got − want| ≤ tol · max(max |want|, 1e-6);
 * 1e-4 for logits, pixel values and the last feature map, 1e-3 for the gradient, input × gradient and
 * Grad-CAM), the maps through the explanation engine; and the loaders' strictness.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConvNetArchitectureParityTest {

    private final Map<Path, VisionModel> models = new HashMap<>();
    private final ExplanationEngine engine = new ExplanationEngine();

    @TempDir
    Path dir;

    private VisionModel model(Path checkpoint) {
        return models.computeIfAbsent(checkpoint, VisionModel::load);
    }

    @AfterAll
    void close() {
        models.values().forEach(VisionModel::close);
    }

    static List<Fixtures.ArchitectureCase> cases() {
        return Fixtures.architectureCases("torchvision-convnext", "timm-convnext", "torchvision-efficientnet");
    }

    @Test
    void everyConvNextAndEfficientNetCaseIsHere() {
        assertEquals(6, cases().size(), "2 ConvNeXt cases × 2 namings + 2 EfficientNet cases");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void everyExpectedTensor(Fixtures.ArchitectureCase c) {
        VisionModel m = model(c.model());
        RgbImage image = new ImageDecoder().read(c.image());
        assertEquals(c.imageSize(), image.width(), c + ": the PNG is used as it is");
        Fixtures.assertWithin(c.expected("pixel_values"), m.preprocessing().apply(image), 1e-4, c + " pixel_values");

        Map<String, MethodRequest> methods = new LinkedHashMap<>();
        methods.put("gradient", MethodRequest.of("gradient"));
        methods.put("input_x_gradient", MethodRequest.of("input-x-gradient"));
        methods.put("gradcam.last", MethodRequest.of("grad-cam"));
        ExplainResult r = engine.explain(m, new ExplainRequest(List.of(image), Target.index(c.target()),
                List.copyOf(methods.values()), m.info().numClasses()));
        assertEquals(1, r.forwardPasses(), "one forward pass serves every method");
        assertEquals(1, r.backwardPasses(), "one backward pass serves every method");
        ImageExplanations img = r.images().get(0);

        float[] logits = new float[m.info().numClasses()];
        img.prediction().top().forEach(s -> logits[s.index()] = s.logit());
        Tensor expectedLogits = c.expected("logits");
        Fixtures.assertWithin(expectedLogits, Tensor.of(logits, logits.length), 1e-4, c + " logits");
        assertEquals(c.target(), extreme(logits, c.targetKind().equals("top")), c + ": the target is the "
                + c.targetKind() + " class");

        int i = 0;
        for (String name : methods.keySet()) {
            Explanation e = img.explanations().get(i++);
            assertEquals(c.target(), e.target());
            Tensor expected = c.expected(name);
            Tensor actual = e.raw() != null && e.raw().rank() == expected.rank() ? e.raw()
                    : Tensor.of(e.map().values(), e.map().height(), e.map().width());
            Fixtures.assertWithin(expected, actual, 1e-3, c + " " + name);
        }

        Tensor pixels = c.expected("pixel_values");
        PassResult features = m.run(PassRequest.forward(pixels.reshape(1, 3, pixels.dim(1), pixels.dim(2)),
                Set.of(CapturePoints.FEATURES)));
        Fixtures.assertWithin(c.expected("feature.last"), features.capture(CapturePoints.FEATURES).slice(0), 1e-4,
                c + " feature.last");
    }

    /** Strictness, the other way round: the model is built from every tensor of the file (batch-norm counters aside). */
    @ParameterizedTest
    @MethodSource("cases")
    void everyTensorIsUsed(Fixtures.ArchitectureCase c) {
        VisionModel m = model(c.model());
        try (SafetensorsFile f = SafetensorsFile.open(c.model().resolve("model.safetensors"))) {
            long stored = f.names().stream().filter(n -> !n.endsWith(".num_batches_tracked")).count();
            assertEquals(stored, m.parameterNames().size(), c + ": parameters the graph was built from");
        }
    }

    @Test
    void describesWhatTheModelsHave() {
        Fixtures.ArchitectureCase tv = cases().get(0);
        ModelInfo convnext = model(tv.model()).info();
        assertEquals("ConvNeXt", convnext.family());
        assertEquals("TORCHVISION_CONVNEXT", convnext.format());
        Capabilities caps = convnext.capabilities();
        assertEquals(5, caps.blocks(), "depths 1/1/2/1");
        assertEquals(new FeatureMap(CapturePoints.FEATURES, 48, 2, 2, false), caps.lastFeatureMap());
        assertEquals(new FeatureMap("layer3.1", 24, 4, 4, false), caps.blockFeatureMap(3));
        assertEquals(new FeatureMap("layer2.input", 12, 8, 8, false), caps.featureMap("layer2.input").orElseThrow());
        assertEquals(new FeatureMap(CapturePoints.STEM, 6, 16, 16, false), caps.featureMap(CapturePoints.STEM).orElseThrow());
        assertTrue(caps.pooledClassifier().isEmpty(), "a LayerNorm lies between the pooling and the linear head");
        ParameterException refused = assertThrows(ParameterException.class,
                () -> engine.validate(convnext, MethodRequest.of("cam")));
        assertTrue(refused.getMessage().contains("does not apply"), refused.getMessage());

        Fixtures.ArchitectureCase eff = cases().stream().filter(c -> c.format().equals("torchvision-efficientnet"))
                .findFirst().orElseThrow();
        ModelInfo effnet = model(eff.model()).info();
        assertEquals("EfficientNet", effnet.family());
        assertEquals(6, effnet.capabilities().blocks(), "blocks 1/2/2/1");
        assertEquals(new FeatureMap(CapturePoints.FEATURES, 128, 4, 4, false), effnet.capabilities().lastFeatureMap());
        assertEquals(new FeatureMap("layer2.1", 16, 16, 16, false), effnet.capabilities().blockFeatureMap(2));
        assertEquals(new Capabilities.PooledClassifier(CapturePoints.FEATURES, "classifier.1.weight"),
                effnet.capabilities().pooledClassifier().orElseThrow());
    }

    /**
     * Every method decides from the capabilities whether it applies: on both CNNs the gradient methods and
     * Grad-CAM run (CAM only on the EfficientNet), the attention and LRP methods refuse with a reason;
     * every applicable one gives a finite map of the right size.
     */
    @ParameterizedTest
    @MethodSource("oneCasePerModel")
    void everyApplicableMethodRuns(Fixtures.ArchitectureCase c) {
        VisionModel m = model(c.model());
        List<String> applicable = engine.registry().applicable(m.info()).stream().map(dev.xai4j.explain.Explainer::id)
                .toList();
        boolean efficientNet = c.format().equals("torchvision-efficientnet");
        for (String id : List.of("grad-cam", "gradient", "input-x-gradient", "integrated-gradients", "smoothgrad")) {
            assertTrue(applicable.contains(id), c + ": " + id + " applies; applicable " + applicable);
        }
        assertEquals(efficientNet, applicable.contains("cam"), c + ": CAM needs a linear head on the pooled map");
        for (String id : List.of("cls-attention", "attention-rollout", "chefer-relevance", "attnlrp", "cp-lrp", "lrp")) {
            assertTrue(!applicable.contains(id) && engine.registry().get(id).unsupportedReason(m.info()).isPresent(),
                    c + ": " + id + " does not apply");
        }
        RgbImage image = new ImageDecoder().read(c.image());
        List<MethodRequest> requests = applicable.stream().map(id -> switch (id) {
            case "integrated-gradients" -> MethodRequest.of(id, "steps", 8);
            case "smoothgrad" -> MethodRequest.of(id, "samples", 4);
            default -> MethodRequest.of(id);
        }).toList();
        ImageExplanations img = engine.explain(m, new ExplainRequest(List.of(image), Target.index(c.target()), requests, 1))
                .images().get(0);
        for (Explanation e : img.explanations()) {
            assertTrue(e.map().height() > 0 && e.map().width() > 0, e.method());
            for (float v : e.map().values()) {
                assertTrue(Float.isFinite(v), c + ": " + e.method() + " gives " + v);
            }
        }
        // Grad-CAM on a block named by its index: the block's own feature map
        Explanation block = engine.explain(m, new ExplainRequest(List.of(image), Target.index(c.target()),
                List.of(MethodRequest.of("grad-cam", "layer", "1")), 1)).images().get(0).explanations().get(0);
        FeatureMap second = m.info().capabilities().blockFeatureMap(1);
        assertEquals(second.height(), block.map().height(), c + ": grad-cam on block 1 lies on " + second.name());
    }

    static List<Fixtures.ArchitectureCase> oneCasePerModel() {
        return cases().stream().filter(c -> c.targetKind().equals("top")).toList();
    }

    /**
     * A copy with the classifier randomised (the model-parameter randomisation test): the last feature map
     * stays, the logits change; parameters are listed input end first, classifier last.
     */
    @ParameterizedTest
    @MethodSource("oneCasePerModel")
    void randomisedCopy(Fixtures.ArchitectureCase c) {
        VisionModel m = model(c.model());
        List<String> names = List.copyOf(m.parameterNames());
        String classifier = names.get(names.size() - 2);
        assertTrue(classifier.endsWith(".weight") && names.get(names.size() - 1).endsWith(".bias"), names.toString());
        Tensor pixels = c.expected("pixel_values").reshape(1, 3, c.imageSize(), c.imageSize());
        try (VisionModel r = m.withRandomParameters(Set.of(classifier), 3)) {
            PassResult got = r.run(PassRequest.forward(pixels, Set.of(CapturePoints.FEATURES)));
            Fixtures.assertWithin(c.expected("feature.last"), got.capture(CapturePoints.FEATURES).slice(0), 1e-4,
                    c + " features of the randomised copy");
            float[] logits = got.logits().data();
            float[] want = c.expected("logits").data();
            double diff = 0;
            for (int i = 0; i < want.length; i++) {
                diff = Math.max(diff, Math.abs(logits[i] - want[i]));
            }
            assertTrue(diff > 1e-3, c + ": a random classifier gives other logits (" + diff + ")");
        }
    }

    /** CAM on the EfficientNet: a linear head on the pooled map, so the map's mean plus the bias is the logit. */
    @Test
    void camDecomposesTheEfficientNetLogit() {
        Fixtures.ArchitectureCase c = cases().stream().filter(x -> x.format().equals("torchvision-efficientnet"))
                .findFirst().orElseThrow();
        VisionModel m = model(c.model());
        RgbImage image = new ImageDecoder().read(c.image());
        ImageExplanations img = engine.explain(m, new ExplainRequest(List.of(image), Target.index(c.target()),
                List.of(MethodRequest.of("cam")), 5)).images().get(0);
        float[] map = img.explanations().get(0).map().values();
        double mean = 0;
        for (float v : map) {
            mean += v / map.length;
        }
        double bias = m.parameter("classifier.1.bias").data()[c.target()];
        double logit = c.expected("logits").data()[c.target()];
        assertEquals(logit, mean + bias, 1e-4 * Math.max(1, Math.abs(logit)));
    }

    @Test
    void refusesATensorItDoesNotUse() throws IOException {
        Path copy = copyWith(Fixtures.model("convnext-tiny-timm"), t -> t.put("stages.0.blocks.0.mlp.grn.weight",
                Tensor.of(new float[24], 24)), null);
        CheckpointException e = assertThrows(CheckpointException.class, () -> VisionModel.load(copy));
        assertTrue(e.getMessage().contains("tensor 'stages.0.blocks.0.mlp.grn.weight' is not part of the model"),
                e.getMessage());
    }

    @Test
    void refusesAMissingTensor() throws IOException {
        Path copy = copyWith(Fixtures.model("efficientnet-tiny-tv"), t -> t.remove("features.2.1.block.2.fc1.bias"),
                null);
        CheckpointException e = assertThrows(CheckpointException.class, () -> VisionModel.load(copy));
        assertTrue(e.getMessage().contains("missing tensor 'features.2.1.block.2.fc1.bias'"), e.getMessage());
        Path tv = copyWith(Fixtures.model("convnext-tiny-tv"), t -> t.remove("features.5.1.layer_scale"), null);
        e = assertThrows(CheckpointException.class, () -> VisionModel.load(tv));
        assertTrue(e.getMessage().contains("missing tensor 'features.5.1.layer_scale'"), e.getMessage());
    }

    @Test
    void efficientNetNeedsTheStridesAndEpsilonFromItsConfig() throws IOException {
        Path noEps = copyWith(Fixtures.model("efficientnet-tiny-tv"), t -> { }, cfg -> cfg.remove("batch_norm_eps"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> VisionModel.load(noEps));
        assertTrue(e.getMessage().contains("batch_norm_eps"), e.getMessage());
        Path wrongKernel = copyWith(Fixtures.model("efficientnet-tiny-tv"), t -> { },
                cfg -> ((ObjectNode) cfg.get("inverted_residual_setting").get(2)).put("kernel", 3));
        e = assertThrows(CheckpointException.class, () -> VisionModel.load(wrongKernel));
        assertTrue(e.getMessage().contains("inverted_residual_setting[2] says kernel = 3"), e.getMessage());
    }

    /** The epsilon of the batch norms comes from config.json: another ε gives other logits. */
    @Test
    void batchNormEpsilonIsTheConfigs() throws IOException {
        Fixtures.ArchitectureCase c = cases().stream().filter(x -> x.format().equals("torchvision-efficientnet"))
                .findFirst().orElseThrow();
        Path other = copyWith(c.model(), t -> { }, cfg -> cfg.put("batch_norm_eps", 1e-1));
        Tensor pixels = c.expected("pixel_values").reshape(1, 3, 64, 64);
        try (VisionModel m = VisionModel.load(other)) {
            float[] got = m.run(PassRequest.forward(pixels, Set.of())).logits().data();
            float[] want = c.expected("logits").data();
            double diff = 0;
            for (int i = 0; i < want.length; i++) {
                diff = Math.max(diff, Math.abs(got[i] - want[i]));
            }
            assertTrue(diff > 1e-3, "ε 0.1 instead of 1e-5 changes the logits, by " + diff);
        }
    }

    /** A copy of a checkpoint folder with its tensors and config.json edited. */
    private Path copyWith(Path model, java.util.function.Consumer<Map<String, Tensor>> tensors,
                          java.util.function.Consumer<ObjectNode> config) throws IOException {
        Path out = Files.createTempDirectory(dir, model.getFileName().toString());
        Map<String, Tensor> all = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(model.resolve("model.safetensors"))) {
            for (String n : f.names()) {
                all.put(n, f.read(n));
            }
        }
        tensors.accept(all);
        SafetensorsWriter.write(out.resolve("model.safetensors"), all, Map.of());
        ObjectMapper json = new ObjectMapper();
        ObjectNode cfg = (ObjectNode) json.readTree(model.resolve("config.json").toFile());
        if (config != null) {
            config.accept(cfg);
        }
        json.writeValue(out.resolve("config.json").toFile(), cfg);
        return out;
    }

    private static int extreme(float[] v, boolean max) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (max ? v[i] > v[best] : v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }
}
