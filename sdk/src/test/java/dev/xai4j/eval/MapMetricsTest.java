package dev.xai4j.eval;

import dev.xai4j.explain.Heatmap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sparseness, complexity, SSIM and the localisation additions on hand-made maps with known answers. */
class MapMetricsTest {

    private static Heatmap oneHot(int h, int w, int at) {
        float[] v = new float[h * w];
        v[at] = 3f;
        return new Heatmap(v, h, w);
    }

    private static Heatmap constant(int h, int w, float c) {
        float[] v = new float[h * w];
        java.util.Arrays.fill(v, c);
        return new Heatmap(v, h, w);
    }

    @Test
    void oneHotMapHasTheLargestGiniAndNoEntropy() {
        Heatmap m = oneHot(4, 5, 7);
        assertEquals(19.0 / 20, Complexity.sparseness(m), 1e-12, "(n − 1)/n");
        assertEquals(0, Complexity.complexity(m), 1e-12);
    }

    @Test
    void constantMapHasNoSparsenessAndEntropyLogN() {
        Heatmap m = constant(6, 7, -0.25f); // absolute values: the sign does not matter
        assertEquals(0, Complexity.sparseness(m), 1e-12);
        assertEquals(Math.log(42), Complexity.complexity(m), 1e-12);
        Heatmap zero = constant(3, 3, 0f);
        assertEquals(0, Complexity.sparseness(zero), 0);
        assertEquals(Math.log(9), Complexity.complexity(zero), 1e-12);
    }

    @Test
    void giniAndEntropyOfAKnownVector() {
        Heatmap m = new Heatmap(new float[]{4, -1, 3, 2}, 2, 2);
        // sorted |a| = 1, 2, 3, 4: Σ(2i − n − 1)a_i = −3 − 2 + 3 + 12 = 10; n·Σa = 40
        assertEquals(0.25, Complexity.sparseness(m), 1e-12);
        double h = -(0.1 * Math.log(0.1) + 0.2 * Math.log(0.2) + 0.3 * Math.log(0.3) + 0.4 * Math.log(0.4));
        assertEquals(h, Complexity.complexity(m), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Complexity.sparseness(new Heatmap(new float[]{Float.NaN}, 1, 1)));
    }

    @Test
    void ssimOfIdenticalReversedAndConstantMaps() {
        float[] a = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        float[] b = new float[9];
        for (int i = 0; i < 9; i++) {
            b[i] = 8 - a[i];
        }
        Heatmap x = new Heatmap(a, 3, 3);
        assertEquals(1, Agreement.ssim(x, x), 1e-12);
        // one 3 × 3 window: μ = 4, sample variances 7.5, covariance −7.5, L = 8 → C₁ = 0.0064, C₂ = 0.0576
        double expected = (32 + 0.0064) * (-15 + 0.0576) / ((32 + 0.0064) * (15 + 0.0576));
        assertEquals(expected, Agreement.ssim(x, new Heatmap(b, 3, 3)), 1e-12);
        assertEquals(1, Agreement.ssim(constant(4, 4, 2f), constant(4, 4, 2f)), 0);
        // 8 × 8 maps: 7 × 7 windows, 4 of them
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        float[] u = new float[64];
        float[] v = new float[64];
        for (int i = 0; i < 64; i++) {
            u[i] = (float) r.nextDouble();
            v[i] = (float) r.nextDouble();
        }
        double s = Agreement.ssim(new Heatmap(u, 8, 8), new Heatmap(v, 8, 8));
        assertTrue(Math.abs(s) < 0.3, "independent noise is dissimilar: " + s);
    }

    @Test
    void relevanceMassAndRankOnAKnownMask() {
        // 4 × 4 map, mask = the left 2 columns (8 pixels)
        var mask = MetricsTest.rect(4, 4, 0, 0, 2, 4);
        float[] v = {
            5, 1, 0, -2,
            4, 0, 3, 0,
            1, 1, 0, 2,
            0, 0, 0, 1};
        Heatmap m = new Heatmap(v, 4, 4);
        // positive mass 5+1+4+3+1+1+2+1 = 18, inside 5+1+4+1+1 = 12
        assertEquals(12.0 / 18, Metrics.relevanceMassAccuracy(m, mask), 1e-12);
        // top 8 (ties by index): 5(0) 4(4) 3(6) 2(11) 1(1) 1(8) 1(9) 1(15) → inside: 0, 4, 1, 8, 9 = 5 of 8
        assertEquals(5.0 / 8, Metrics.relevanceRankAccuracy(m, mask), 1e-12);
        assertEquals(1, Metrics.relevanceRankAccuracy(mask.toHeatmap(), mask), 0);
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.relevanceRankAccuracy(m, MetricsTest.mask(4, 4)), "an empty mask has no rank");
    }

    @Test
    void relativeDistanceAndNormalisedSimilarity() {
        Heatmap a = new Heatmap(new float[]{3, 4}, 1, 2);
        Heatmap b = new Heatmap(new float[]{0, 0}, 1, 2);
        assertEquals(1, ExplanationMetrics.relativeDistance(b, a), 1e-12, "‖0 − a‖/‖a‖");
        assertEquals(5, ExplanationMetrics.relativeDistance(a, b), 1e-12, "zero reference: unnormalised");
        Heatmap neg = new Heatmap(new float[]{-6, -8}, 1, 2);
        assertEquals(1, ExplanationMetrics.similarity(a, neg, false), 1e-12, "absolute, max-normalised: the same map");
    }

    @Test
    void metricIdsParseAndUnknownOnesAreNamed() {
        assertEquals(Metric.MPRT, Metric.of(" MPRT "));
        assertEquals(Metric.MORF_LERF, Metric.of("morf-lerf"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metric.of("faithfulness"));
        assertTrue(e.getMessage().contains("'faithfulness'") && e.getMessage().contains("perturbation, road, morf-lerf, mprt"),
                e.getMessage());
    }
}
