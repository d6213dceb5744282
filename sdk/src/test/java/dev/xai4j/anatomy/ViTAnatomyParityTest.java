package dev.xai4j.anatomy;

import dev.xai4j.Fixtures;
import dev.xai4j.explain.HeadFusion;
import dev.xai4j.explain.HeadSelection;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.PassResult;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every anatomy view against the PyTorch fixtures, for every ViT case (HF and timm layouts), at the
 * fixtures' tolerance for maps without gradients: 1e-4 absolute or relative to the largest magnitude.
 * The PCA is checked against a second, independent path (power iteration on the covariance).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ViTAnatomyParityTest {

    private static final double TOL = 1e-4;

    /** One load per checkpoint folder, shared by all cases of this class. */
    private final Map<Path, VisionModel> models = new HashMap<>();
    private final Map<Fixtures.Case, ViTAnatomy> anatomies = new HashMap<>();

    private VisionModel model(Fixtures.Case c) {
        return models.computeIfAbsent(c.model(), VisionModel::load);
    }

    private ViTAnatomy anatomy(Fixtures.Case c) {
        return anatomies.computeIfAbsent(c, x -> ViTAnatomy.of(model(x), new ImageDecoder().read(x.image())));
    }

    @AfterAll
    void close() {
        models.values().forEach(VisionModel::close);
    }

    static List<Fixtures.Case> vitCases() {
        return Fixtures.vitCases();
    }

    private static Tensor tensor(Heatmap h) {
        return Tensor.of(h.values(), h.height(), h.width());
    }

    private static float[] flat(double[][] m) {
        int cols = m[0].length;
        float[] out = new float[m.length * cols];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = (float) m[i][j];
            }
        }
        return out;
    }

    @ParameterizedTest
    @MethodSource("vitCases")
    void attentionDistanceMatchesTheFixture(Fixtures.Case c) {
        ViTAnatomy a = anatomy(c);
        Tensor expected = c.expected("attention_distance");
        Fixtures.assertClose(expected, Tensor.of(flat(a.attentionDistance()), a.layers(), a.heads()), TOL,
                c + " attention_distance");
    }

    @ParameterizedTest
    @MethodSource("vitCases")
    void distanceCurveIsTheMeanOverHeadsOfTheFixture(Fixtures.Case c) {
        ViTAnatomy a = anatomy(c);
        Tensor expected = c.expected("attention_distance");
        int layers = expected.dim(0);
        int heads = expected.dim(1);
        float[] mean = new float[layers];
        float[] min = new float[layers];
        float[] max = new float[layers];
        double all = 0;
        for (int l = 0; l < layers; l++) {
            double s = 0;
            min[l] = Float.POSITIVE_INFINITY;
            max[l] = Float.NEGATIVE_INFINITY;
            for (int h = 0; h < heads; h++) {
                float v = expected.get(l, h);
                s += v;
                min[l] = Math.min(min[l], v);
                max[l] = Math.max(max[l], v);
            }
            mean[l] = (float) (s / heads);
            all += s;
        }
        DistanceSummary d = a.distanceSummary();
        Fixtures.assertClose(mean, toFloat(d.mean()), TOL, c + " curve mean");
        Fixtures.assertClose(min, toFloat(d.min()), TOL, c + " band min");
        Fixtures.assertClose(max, toFloat(d.max()), TOL, c + " band max");
        // 4 layers: thirds of one layer each
        assertEquals(1, d.thirdSize());
        Fixtures.assertClose(new float[]{mean[0], mean[layers - 1]},
                new float[]{(float) d.shallowMean(), (float) d.deepMean()}, TOL, c + " bars");
        assertEquals("shallow third (layer 0)", d.shallowLabel());
        assertTrue(all > 0);
    }

    @ParameterizedTest
    @MethodSource("vitCases")
    void positionSimilarityMatchesTheFixture(Fixtures.Case c) {
        ViTAnatomy a = anatomy(c);
        float[][] s = a.positionSimilarity();
        float[] flat = new float[s.length * s.length];
        for (int i = 0; i < s.length; i++) {
            System.arraycopy(s[i], 0, flat, i * s.length, s.length);
        }
        Fixtures.assertClose(c.expected("position_similarity"), Tensor.of(flat, s.length, s.length), TOL,
                c + " position_similarity");
        Heatmap row = a.positionSimilarity(10);
        assertEquals(1f, row.get(1, 2), 1e-6f, "a patch is fully similar to itself");
    }

    @ParameterizedTest
    @MethodSource("vitCases")
    void clsNormsMatchTheFixture(Fixtures.Case c) {
        ViTAnatomy a = anatomy(c);
        Fixtures.assertClose(c.expected("cls_norms"), Tensor.of(toFloat(a.clsNorms()), a.layers() + 1), TOL,
                c + " cls_norms");
    }

    @ParameterizedTest
    @MethodSource("vitCases")
    void clsAttentionPerLayerAndPerHeadMatchesTheFixture(Fixtures.Case c) {
        ViTAnatomy a = anatomy(c);
        for (int l = 0; l < a.layers(); l++) {
            Fixtures.assertClose(c.expected("cls_attention.layer" + l), tensor(a.clsAttention(l)), TOL,
                    c + " cls_attention.layer" + l);
        }
        int last = a.layers() - 1;
        for (int h = 0; h < a.heads(); h++) {
            Fixtures.assertClose(c.expected("cls_attention.head" + h), tensor(a.clsAttention(last, h)), TOL,
                    c + " cls_attention.head" + h);
        }
        Fixtures.assertClose(c.expected("cls_attention.fusion_max"),
                tensor(a.clsAttention(last, HeadSelection.fused(HeadFusion.MAX))), TOL, c + " fusion_max");
    }

    @ParameterizedTest
    @MethodSource("vitCases")
    void attentionMatrixMatchesTheFixtureHeadByHead(Fixtures.Case c) {
        ViTAnatomy a = anatomy(c);
        int n = a.tokens().tokenCount();
        for (int l = 0; l < a.layers(); l++) {
            Tensor expected = c.expected("attention." + l);
            float[] mean = new float[n * n];
            float[] min = new float[n * n];
            java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
            for (int h = 0; h < a.heads(); h++) {
                Tensor head = expected.slice(h);
                AttentionMatrix m = a.attentionMatrix(l, HeadSelection.head(h));
                Fixtures.assertClose(head, Tensor.of(m.values(), n, n), TOL, c + " attention." + l + " head " + h);
                for (int i = 0; i < n * n; i++) {
                    mean[i] += head.data()[i] / a.heads();
                    min[i] = Math.min(min[i], head.data()[i]);
                }
            }
            Fixtures.assertClose(mean, a.attentionMatrix(l, HeadSelection.MEAN).values(), TOL, c + " mean " + l);
            Fixtures.assertClose(min, a.attentionMatrix(l, HeadSelection.fused(HeadFusion.MIN)).values(), TOL,
                    c + " min " + l);
        }
        AttentionMatrix m = a.attentionMatrix(1, HeadSelection.head(2));
        assertEquals("CLS", m.tokenNames().get(0));
        assertEquals("0,0", m.tokenNames().get(1));
        assertEquals("7,7", m.tokenNames().get(n - 1));
        // a patch query row as a map: row 10 of the matrix without its CLS column
        Heatmap row = a.attentionRow(1, HeadSelection.head(2), 10);
        assertEquals(m.get(10, 1 + 8 * 3 + 5), row.get(3, 5));
    }

    @ParameterizedTest
    @MethodSource("vitCases")
    void positionPcaVarianceRatiosMatchAnIndependentPowerIteration(Fixtures.Case c) {
        ViTAnatomy a = anatomy(c);
        PositionPca pca = a.positionPca();
        double[][] e = positionEmbeddings(model(c), a.tokens().prefixTokens());
        double[] ratios = PowerIteration.varianceRatios(e, 2);
        assertEquals(ratios[0], pca.projection().varianceRatio()[0], 1e-6, c + " PC1 ratio");
        assertEquals(ratios[1], pca.projection().varianceRatio()[1], 1e-6, c + " PC2 ratio");
        // the points carry exactly that variance: Σ x_i² / ‖X_c‖² = r_1
        double total = PowerIteration.totalSquares(e);
        assertEquals(ratios[0], sumSquares(pca.projection().x()) / total, 1e-6);
        assertEquals(ratios[1], sumSquares(pca.projection().y()) / total, 1e-6);
        assertEquals(64, pca.row().length);
        assertEquals(7, pca.row()[63]);
        assertEquals(3, pca.column()[11]);
        assertEquals("1,3", pca.projection().labels().get(11));
    }

    @ParameterizedTest
    @MethodSource("vitCases")
    void clsPathVarianceRatiosMatchAnIndependentPowerIteration(Fixtures.Case c) {
        ViTAnatomy a = anatomy(c);
        VisionModel m = model(c);
        // the CLS states again, from a pass of the test's own, then the second PCA path
        Tensor px = m.preprocessing().apply(new ImageDecoder().read(c.image()));
        PassResult r = m.run(PassRequest.forward(px.reshape(1, 3, px.dim(1), px.dim(2)), ViTAnatomy.captures(m.info())));
        double[][] states = new double[a.layers() + 1][];
        for (int k = 0; k <= a.layers(); k++) {
            Tensor t = r.capture(k == 0 ? "embeddings" : "blocks." + (k - 1) + ".output");
            states[k] = new double[t.dim(2)];
            for (int j = 0; j < t.dim(2); j++) {
                states[k][j] = t.data()[j];
            }
        }
        PcaProjection path = a.clsPath();
        double[] ratios = PowerIteration.varianceRatios(states, 2);
        assertEquals(ratios[0], path.varianceRatio()[0], 1e-6, c + " PC1 ratio");
        assertEquals(ratios[1], path.varianceRatio()[1], 1e-6, c + " PC2 ratio");
        assertEquals(a.layers() + 1, path.size());
        assertEquals(List.of("0", "1", "2", "3", "4"), path.labels());
        // projected coordinates are centred
        assertEquals(0, java.util.Arrays.stream(path.x()).sum(), 1e-6);
        assertEquals(0, java.util.Arrays.stream(path.y()).sum(), 1e-6);
    }

    @Test
    void aResNetGetsAClearError() {
        Fixtures.Case c = Fixtures.resnetCases().get(0);
        try (VisionModel m = VisionModel.load(c.model())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ViTAnatomy.of(m, new ImageDecoder().read(c.image())));
            assertEquals("anatomy views need global self-attention over tokens; model " + m.info().name()
                    + " (ResNet) has none", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ViTAnatomy.captures(m.info()));
        }
    }

    @Test
    void badIndicesAreRefusedByName() {
        ViTAnatomy a = anatomy(Fixtures.vitCases().get(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.clsAttention(4)).getMessage().contains("layer 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.clsAttention(0, 4)).getMessage().contains("head 4"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.attentionRow(0, HeadSelection.MEAN, 65))
                .getMessage().contains("query token 65"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.positionSimilarity(64)).getMessage().contains("patch 64"));
        assertEquals(HeadSelection.head(3), HeadSelection.parse("3"));
        assertEquals(HeadSelection.fused(HeadFusion.MAX), HeadSelection.parse("Max"));
        assertThrows(IllegalArgumentException.class, () -> HeadSelection.parse("median"));
    }

    private static double[][] positionEmbeddings(VisionModel m, int prefix) {
        Tensor pos = m.parameter("pos_embed");
        int rows = pos.dim(1) - prefix;
        int d = pos.dim(2);
        double[][] e = new double[rows][d];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < d; j++) {
                e[i][j] = pos.data()[(prefix + i) * d + j];
            }
        }
        return e;
    }

    private static double sumSquares(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return s;
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
