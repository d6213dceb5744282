package dev.xai4j.model;

import dev.xai4j.Fixtures;
import dev.xai4j.image.ImageDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Parity with the PyTorch reference for every case of {@code fixtures/cases.json}:
 * preprocessing, logits and every layer's attention at 1e-4; gradients at 1e-3 relative (through
 * the Chefer map rebuilt from attention gradients for ViT, the input gradient for ResNet).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelParityTest {

    private final Map<Path, VisionModel> models = new HashMap<>();

    VisionModel model(Fixtures.Case c) {
        return models.computeIfAbsent(c.model(), VisionModel::load);
    }

    @AfterAll
    void close() {
        models.values().forEach(VisionModel::close);
    }

    static List<Fixtures.Case> cases() {
        return Fixtures.cases();
    }

    static List<Fixtures.Case> vitCases() {
        return Fixtures.vitCases();
    }

    static List<Fixtures.Case> resnetCases() {
        return Fixtures.resnetCases();
    }

    @Test
    void allThirteenCasesArePresent() {
        assertEquals(13, cases().size());
        assertEquals(8, vitCases().size());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void pixelValuesLogitsAndAttention(Fixtures.Case c) {
        VisionModel m = model(c);
        Tensor pixels = m.preprocessing().apply(new ImageDecoder().read(c.image()));
        Fixtures.assertClose(c.expected("pixel_values"), pixels, 1e-4, c + " pixel_values");

        Set<String> captures = new HashSet<>();
        int depth = c.isVit() ? m.info().depth() : 0;
        for (int l = 0; l < depth; l++) {
            captures.add("blocks." + l + ".attention");
        }
        PassResult r = m.run(PassRequest.forward(pixels.reshape(1, 3, pixels.dim(1), pixels.dim(2)), captures));
        Fixtures.assertClose(c.expected("logits"), r.logits().slice(0), 1e-4, c + " logits");
        for (int l = 0; l < depth; l++) {
            Fixtures.assertClose(c.expected("attention." + l), r.capture("blocks." + l + ".attention").slice(0), 1e-4,
                    c + " attention." + l);
        }
        int argmax = argmax(r.logits().slice(0).data(), c.targetKind().equals("top"));
        assertEquals(c.target(), argmax, c + ": target is the " + c.targetKind() + " class");
        if (c.isVit()) {
            assertEquals(c.layerNormEps(), m.spec().vit().layerNormEps(), 0.0, "LayerNorm eps from the checkpoint");
        }
    }

    /** The gradient of the target logit w.r.t. each layer's attention, used to rebuild Chefer's map. */
    @ParameterizedTest
    @MethodSource("vitCases")
    void attentionGradientsRebuildChefer(Fixtures.Case c) {
        VisionModel m = model(c);
        int depth = m.info().depth();
        Set<String> attn = new HashSet<>();
        for (int l = 0; l < depth; l++) {
            attn.add("blocks." + l + ".attention");
        }
        Tensor pixels = c.expected("pixel_values");
        PassResult r = m.run(new PassRequest(pixels.reshape(1, 3, pixels.dim(1), pixels.dim(2)), attn,
                new int[]{c.target()}, attn));
        int n = m.info().capabilities().tokens().orElseThrow().tokenCount();
        double[][] rel = identity(n);
        for (int l = 0; l < depth; l++) {
            Tensor a = r.capture("blocks." + l + ".attention").slice(0);
            Tensor g = r.gradient("blocks." + l + ".attention").slice(0);
            int h = a.dim(0);
            double[][] mean = new double[n][n];
            for (int k = 0; k < h; k++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        int idx = (k * n + i) * n + j;
                        mean[i][j] += Math.max(0, (double) a.data()[idx] * g.data()[idx]) / h;
                    }
                }
            }
            double[][] next = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double s = rel[i][j];
                    for (int k = 0; k < n; k++) {
                        s += mean[i][k] * rel[k][j];
                    }
                    next[i][j] = s;
                }
            }
            rel = next;
        }
        float[] map = new float[n - 1];
        for (int j = 1; j < n; j++) {
            map[j - 1] = (float) rel[0][j];
        }
        Tensor expected = c.expected("chefer");
        Fixtures.assertRelClose(expected, Tensor.of(map, expected.shape()), 1e-3, c + " chefer from attention gradients");
    }

    @ParameterizedTest
    @MethodSource("resnetCases")
    void inputGradient(Fixtures.Case c) {
        VisionModel m = model(c);
        Tensor pixels = c.expected("pixel_values");
        long before = m.backwardPasses();
        // "top" cases name no class: the graph finds the arg-max itself in the same pass
        int target = c.targetKind().equals("top") ? PassRequest.TOP_CLASS : c.target();
        PassResult r = m.run(new PassRequest(pixels.reshape(1, 3, pixels.dim(1), pixels.dim(2)), Set.of("features"),
                new int[]{target}, Set.of("pixel_values", "features")));
        assertEquals(before + 1, m.backwardPasses(), "one backward pass");
        assertEquals(c.target(), r.targets()[0], "resolved target");
        Fixtures.assertRelClose(c.expected("gradient"), r.gradient("pixel_values").slice(0), 1e-3, c + " gradient");
        Fixtures.assertClose(c.expected("feature.layer4"), r.capture("features").slice(0), 1e-4, c + " feature.layer4");
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static int argmax(float[] v, boolean max) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (max ? v[i] > v[best] : v[i] < v[best]) {
                best = i;
            }
        }
        return best;
    }
}
