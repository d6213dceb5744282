package dev.xai4j.eval;

import dev.xai4j.explain.Heatmap;
import dev.xai4j.render.Upsampling;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgreementTest {

    private static Heatmap row(float... v) {
        return new Heatmap(v, 1, v.length);
    }

    private static final Heatmap RAMP = new Heatmap(new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3);
    private static final Heatmap REVERSED = new Heatmap(new float[]{9, 8, 7, 6, 5, 4, 3, 2, 1}, 3, 3);

    @Test
    void identicalMapsCorrelatePerfectly() {
        assertEquals(1, Agreement.spearman(RAMP, RAMP), 1e-12);
        // any monotone transform keeps the ranks
        assertEquals(1, Agreement.spearman(RAMP, new Heatmap(new float[]{1, 4, 9, 16, 25, 36, 49, 64, 81}, 3, 3)), 1e-12);
    }

    @Test
    void reversedMapsCorrelateNegatively() {
        assertEquals(-1, Agreement.spearman(RAMP, REVERSED), 1e-12);
    }

    @Test
    void tiesGetAverageRanks() {
        // ranks of b: 1.5, 1.5, 3.5, 3.5; deviations of a (−1.5, −0.5, 0.5, 1.5), of b (−1, −1, 1, 1):
        // ρ = 4 / √(5 · 4) = 2/√5
        assertEquals(2 / Math.sqrt(5), Agreement.spearman(row(1, 2, 3, 4), row(1, 1, 2, 2)), 1e-12);
    }

    @Test
    void constantMapsGiveZeroNotNaN() {
        assertEquals(0, Agreement.spearman(RAMP, new Heatmap(new float[9], 3, 3)));
        assertEquals(0, Agreement.spearman(new Heatmap(new float[9], 3, 3), new Heatmap(new float[9], 3, 3)));
    }

    @Test
    void topFractionIouOfAKnownOverlapIsOneThird() {
        // 10 cells, fraction 0.2 → k = 2: top of a = {0, 1}, top of b = {1, 2} → 1 shared of 3
        Heatmap a = row(10, 9, 0, 0, 0, 0, 0, 0, 0, 0);
        Heatmap b = row(0, 9, 10, 0, 0, 0, 0, 0, 0, 0);
        assertEquals(1 / 3.0, Agreement.topFractionIou(a, b, 0.2), 1e-12);
        assertEquals(1, Agreement.topFractionIou(a, a, 0.2));
        assertEquals(0, Agreement.topFractionIou(RAMP, REVERSED, 0.3));
        // k = max(1, round(n·fraction)): a tiny fraction still keeps one cell each
        assertEquals(0, Agreement.topFractionIou(a, b, 0.01));
        assertEquals(1, Agreement.topFractionIou(a, b, 1));
    }

    @Test
    void mapsOfDifferentSizesAreComparedOnTheFinerGrid() {
        Heatmap coarse = new Heatmap(new float[]{0, 4, 8, 12}, 2, 2);
        Heatmap fine = Upsampling.BILINEAR.resize(coarse, 4, 4);
        assertEquals(1, Agreement.spearman(coarse, fine), 1e-12);
        assertEquals(1, Agreement.spearman(fine, coarse), 1e-12);
        assertEquals(1, Agreement.topFractionIou(fine, coarse, 0.25));
        // the coarse map's mirror image correlates at −1 once resized
        assertEquals(-1, Agreement.spearman(new Heatmap(new float[]{12, 8, 4, 0}, 2, 2), fine), 1e-12);
    }

    @Test
    void matrixIsSymmetricWithOnesOnTheDiagonal() {
        Heatmap flat = new Heatmap(new float[9], 3, 3);
        double[][] m = Agreement.spearmanMatrix(List.of(RAMP, REVERSED, flat));
        assertArrayEquals(new double[]{1, -1, 0}, m[0], 1e-12);
        assertArrayEquals(new double[]{-1, 1, 0}, m[1], 1e-12);
        assertArrayEquals(new double[]{0, 0, 1}, m[2], 1e-12);
        assertEquals(0, Agreement.spearmanMatrix(List.of()).length);
    }

    @Test
    void invalidArgumentsAreRejectedByName() {
        for (double f : new double[]{0, -0.1, 1.01, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Agreement.topFractionIou(RAMP, RAMP, f));
            assertTrue(e.getMessage().contains("fraction"), e.getMessage());
        }
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Agreement.spearman(RAMP, new Heatmap(new float[]{1, 2, 3, 4, Float.NaN, 6, 7, 8, 9}, 3, 3)));
        assertTrue(nan.getMessage().contains("b"), nan.getMessage());
    }
}
