package dev.xai4j.render;

import dev.xai4j.Fixtures;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.model.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NormalizationTest {

    private static final List<Normalization> ALL = List.of(Normalization.MAX, Normalization.MIN_MAX,
            Normalization.SYMMETRIC, Normalization.AUTO, Normalization.percentile(1, 99), Normalization.symmetricPercentile(99.5));

    private static Heatmap row(float... v) {
        return new Heatmap(v, 1, v.length);
    }

    @Test
    void maxDividesByTheMaximumAndClampsNegatives() {
        assertArrayEquals(new float[]{0, 0.25f, 0.5f, 1}, Normalization.MAX.apply(row(-3, 1, 2, 4)).values());
    }

    @Test
    void minMaxStretchesToTheUnitRange() {
        assertArrayEquals(new float[]{0, 0.5f, 1}, Normalization.MIN_MAX.apply(row(-2, 1, 4)).values(), 1e-7f);
    }

    @Test
    void percentileClipsOutliersThenStretches() {
        // 0..9 and an outlier 1000; 11 values: 10th percentile at rank 1 → 1, 90th at rank 9 → 9
        float[] v = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1000};
        float[] n = Normalization.percentile(10, 90).apply(row(v)).values();
        assertEquals(0, n[0]);
        assertEquals(0, n[1]);
        assertEquals(0.5f, n[5], 1e-7f);
        assertEquals(1, n[9]);
        assertEquals(1, n[10]);
        // 95th: rank 9.5 → halfway between 9 and 1000 = 504.5
        assertEquals((5 - 0.0) / 504.5, Normalization.percentile(0, 95).apply(row(v)).values()[5], 1e-6);
    }

    @Test
    void symmetricKeepsZeroAndSign() {
        assertArrayEquals(new float[]{-1, -0.25f, 0, 0.5f}, Normalization.SYMMETRIC.apply(row(-4, -1, 0, 2)).values());
    }

    @Test
    void symmetricPercentileClipsTheMagnitudesAtThePercentile() {
        // |v| sorted: 0, 1, ..., 9, 1000 (11 values); the 90th percentile is at rank 9 → 9
        float[] v = {0, 1, -2, 3, -4, 5, -6, 7, -8, 9, -1000};
        Normalization.SymmetricPercentile p90 = Normalization.symmetricPercentile(90);
        assertEquals(9, p90.limit(row(v)), 0);
        float[] n = p90.apply(row(v)).values();
        assertEquals(0, n[0]);
        assertEquals(3f / 9, n[3], 1e-7f);
        assertEquals(-4f / 9, n[4], 1e-7f);
        assertEquals(1, n[9]);
        assertEquals(-1, n[10], "the outlier is clipped");
        // the 95th percentile at rank 9.5, halfway between 9 and 1000
        assertEquals(504.5, Normalization.symmetricPercentile(95).limit(row(v)), 1e-9);
        assertEquals(5 / 504.5, Normalization.symmetricPercentile(95).apply(row(v)).values()[5], 1e-7);
        // 100 is the plain symmetric normalisation
        assertArrayEquals(Normalization.SYMMETRIC.apply(row(v)).values(), Normalization.symmetricPercentile(100).apply(row(v)).values());
        assertTrue(p90.isSigned());
    }

    @Test
    void symmetricPercentileFallsBackToTheMaximumOnAMapThatIsZeroAlmostEverywhere() {
        float[] v = new float[1000];
        v[7] = -5;
        Normalization.SymmetricPercentile p = Normalization.symmetricPercentile(99.5);
        assertEquals(5, p.limit(row(v)), 0, "the 99.5th percentile of |v| is 0: max|v| instead");
        assertEquals(-1, p.apply(row(v)).values()[7]);
        assertArrayEquals(new float[3], p.apply(row(0, 0, 0)).values(), "all zeros stay zeros");
        assertThrows(IllegalArgumentException.class, () -> Normalization.symmetricPercentile(0));
        assertThrows(IllegalArgumentException.class, () -> Normalization.symmetricPercentile(100.5));
    }

    @Test
    void autoPicksSymmetricForSignedMapsOnly() {
        assertArrayEquals(new float[]{-1, 0.5f}, Normalization.AUTO.apply(row(-2, 1)).values());
        assertArrayEquals(new float[]{0, 0.5f, 1}, Normalization.AUTO.apply(row(0, 1, 2)).values());
    }

    @Test
    void constantAndZeroMapsGiveZerosNotNaN() {
        for (Normalization n : ALL) {
            assertArrayEquals(new float[4], n.apply(row(0, 0, 0, 0)).values(), n.toString());
            for (float c : n.apply(row(3, 3, 3, 3)).values()) {
                assertFalse(Float.isNaN(c), n.toString());
            }
        }
        assertArrayEquals(new float[4], Normalization.MIN_MAX.apply(row(3, 3, 3, 3)).values());
        assertArrayEquals(new float[4], Normalization.percentile(1, 99).apply(row(3, 3, 3, 3)).values());
    }

    @Test
    void resnetBottomGradCamFixturesAreAllZerosAndNormaliseToZeros() {
        List<Fixtures.Case> bottom = Fixtures.resnetCases().stream().filter(c -> c.targetKind().equals("bottom")).toList();
        assertFalse(bottom.isEmpty());
        for (Fixtures.Case c : bottom) {
            Tensor t = c.expected("gradcam.layer4");
            Heatmap map = new Heatmap(t.data(), t.dim(0), t.dim(1));
            assertEquals(0f, map.max(), c + ": fixture expected all zeros");
            assertEquals(0f, map.min(), c + ": fixture expected all zeros");
            for (Normalization n : ALL) {
                assertArrayEquals(new float[t.data().length], n.apply(map).values(), c + " " + n);
            }
        }
    }

    @Test
    void percentileRejectsArgumentsOutsideTheRange() {
        IllegalArgumentException low = assertThrows(IllegalArgumentException.class, () -> Normalization.percentile(-1, 99));
        assertTrue(low.getMessage().contains("low"), low.getMessage());
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class, () -> Normalization.percentile(1, 101));
        assertTrue(high.getMessage().contains("high"), high.getMessage());
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> Normalization.percentile(50, 50));
        assertTrue(order.getMessage().contains("high"), order.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Normalization.percentile(Double.NaN, 99));
    }
}
