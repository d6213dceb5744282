package dev.xai4j.eval;

import dev.xai4j.data.Mask;
import dev.xai4j.explain.Heatmap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every localisation metric on hand-made maps and masks with known answers. */
class MetricsTest {

    /** A w × h mask with the given row-major indices inside. */
    static Mask mask(int w, int h, int... inside) {
        boolean[] px = new boolean[w * h];
        for (int i : inside) {
            px[i] = true;
        }
        return new Mask(w, h, px);
    }

    /** A mask with the rectangle [x0, x1) × [y0, y1) inside. */
    static Mask rect(int w, int h, int x0, int y0, int x1, int y1) {
        boolean[] px = new boolean[w * h];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                px[y * w + x] = true;
            }
        }
        return new Mask(w, h, px);
    }

    static Heatmap map(int h, int w, float... v) {
        return new Heatmap(v, h, w);
    }

    @Test
    void pointingGameHitsWhenTheMaximumIsInsideTheMask() {
        Heatmap m = map(4, 4,
                0, 0, 0, 0,
                0, 5, 0, 0,
                0, 0, 1, 0,
                0, 0, 0, 0);
        assertTrue(Metrics.pointingGame(m, rect(4, 4, 0, 0, 2, 2)));
        assertFalse(Metrics.pointingGame(m, rect(4, 4, 2, 2, 4, 4)), "the second-highest value does not count");
    }

    @Test
    void pointingGameTiesGoToTheFirstMaximumRowMajor() {
        Heatmap m = map(4, 4,
                0, 0, 7, 0,
                0, 0, 0, 0,
                0, 7, 0, 0,
                0, 0, 0, 0);
        assertTrue(Metrics.pointingGame(m, mask(4, 4, 2)));
        assertFalse(Metrics.pointingGame(m, mask(4, 4, 9)));
    }

    @Test
    void aFlatMapPointsNowhere() {
        assertFalse(Metrics.pointingGame(map(2, 2, 3, 3, 3, 3), mask(2, 2, 0, 1, 2, 3)));
    }

    @Test
    void pointingGameUpsamplesBilinearlyToTheMaskGrid() {
        // 2×2 → 4×4 with align_corners=False: row 0 samples source row 0; column 3 samples source x = 1.25,
        // clamped to column 1 (value 1), column 2 samples x = 0.75 (value 0.75): the maximum is at (0, 3)
        Heatmap m = map(2, 2, 0, 1, 0, 0);
        assertTrue(Metrics.pointingGame(m, mask(4, 4, 3)));
        assertFalse(Metrics.pointingGame(m, mask(4, 4, 2, 7)));
    }

    @Test
    void energyIsTheShareOfPositiveMassInsideTheMask() {
        Heatmap m = map(4, 4,
                2, 2, 0, 0,
                1, -1, 0, 3,
                0, 0, -4, 0,
                0, 0, 0, 0);
        // inside: 2 + 2 + 1 (−1 clipped to 0) = 5; all positive mass: 5 + 3 = 8
        assertEquals(5.0 / 8, Metrics.energyPointingGame(m, rect(4, 4, 0, 0, 2, 2)), 1e-12);
        assertEquals(3.0 / 8, Metrics.energyPointingGame(m, mask(4, 4, 7, 10)), 1e-12);
    }

    @Test
    void energyWithoutPositiveMassIsZero() {
        assertEquals(0, Metrics.energyPointingGame(map(2, 2, 0, -1, -2, 0), mask(2, 2, 0, 1, 2, 3)));
    }

    @Test
    void iouOfTheTop15PercentIsExact() {
        // 10×10 = 100 pixels → k = 15: value 100 − i puts row 0 and the first 5 pixels of row 1 on top
        float[] v = new float[100];
        for (int i = 0; i < 100; i++) {
            v[i] = 100 - i;
        }
        Heatmap m = new Heatmap(v, 10, 10);
        assertEquals(15.0 / 20, Metrics.topFractionIou(m, rect(10, 10, 0, 0, 10, 2), Metrics.TOP_FRACTION), 1e-12);
        assertEquals(1.0, Metrics.topFractionIou(m, mask(10, 10, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14),
                Metrics.TOP_FRACTION), 1e-12);
        assertEquals(0.0, Metrics.topFractionIou(m, rect(10, 10, 0, 5, 10, 10), Metrics.TOP_FRACTION));
    }

    @Test
    void iouCountIsRoundedAndTiesKeepRowMajorOrder() {
        // 5×5 = 25 → k = round(3.75) = 4; a flat map's top 4 are pixels 0–3
        Heatmap flat = new Heatmap(new float[25], 5, 5);
        assertEquals(1.0, Metrics.topFractionIou(flat, mask(5, 5, 0, 1, 2, 3), 0.15), 1e-12);
        // mask {2, 3, 4}: |T ∩ M| = 2, |T ∪ M| = 4 + 3 − 2 = 5
        assertEquals(2.0 / 5, Metrics.topFractionIou(flat, mask(5, 5, 2, 3, 4), 0.15), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Metrics.topFractionIou(flat, mask(5, 5, 0), 0));
    }

    @Test
    void rankingIsDescendingWithTiesInRowMajorOrderAndSignedZerosEqual() {
        int[] order = Ranking.descending(map(2, 3, 0f, -1f, 3f, 3f, -0f, 2f));
        assertArrayEquals(new int[]{2, 3, 5, 0, 4, 1}, order);
        int[] extremes = Ranking.descending(map(1, 4, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, 1e-30f, -1e-30f));
        assertArrayEquals(new int[]{1, 2, 3, 0}, extremes);
    }

    @Test
    void classDiscriminationNeedsEachMapOnItsOwnObject() {
        Mask a = rect(4, 4, 0, 0, 2, 2);
        Mask b = rect(4, 4, 2, 2, 4, 4);
        Heatmap onA = map(4, 4, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        Heatmap onB = map(4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9);
        assertEquals(2, Metrics.classDiscrimination(List.of(onA, onB), List.of(a, b)));
        assertEquals(1, Metrics.classDiscrimination(List.of(onA, onA), List.of(a, b)), "both maps on object a");
        assertEquals(0, Metrics.classDiscrimination(List.of(onB, onA), List.of(a, b)), "maps swapped");
        assertThrows(IllegalArgumentException.class, () -> Metrics.classDiscrimination(List.of(onA), List.of(a, b)));
    }

    @Test
    void pointingToleranceCountsMaximaWithinThatEuclideanDistanceOfTheMask() {
        // 8 × 1 strip, object at x = 0..1, the maximum at x = 5: 4 px from the nearest mask pixel (x = 1)
        Heatmap m = map(1, 8, 0, 0, 0, 0, 0, 9, 0, 0);
        Mask obj = rect(8, 1, 0, 0, 2, 1);
        assertFalse(Metrics.pointingGame(m, obj));
        assertFalse(Metrics.pointingGame(m, obj, 3.99));
        assertTrue(Metrics.pointingGame(m, obj, 4));
        // diagonal: the maximum at (3, 3), object pixel at (0, 0): 3√2 ≈ 4.243 px
        Heatmap d = map(4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9);
        assertFalse(Metrics.pointingGame(d, mask(4, 4, 0), 4.24));
        assertTrue(Metrics.pointingGame(d, mask(4, 4, 0), 4.25));
        assertFalse(Metrics.pointingGame(map(1, 2, 3, 3), mask(2, 1, 0), 10), "a flat map points nowhere");
        assertFalse(Metrics.pointingGame(m, mask(8, 1), 100), "an empty mask is never hit");
        assertThrows(IllegalArgumentException.class, () -> Metrics.pointingGame(m, obj, -1));
        assertThrows(IllegalArgumentException.class, () -> Metrics.pointingGame(m, obj, Double.NaN));
    }

    @Test
    void classDiscriminationWithToleranceMissesWhenAnotherObjectIsNearer() {
        // 10 × 1 strip: object a at x = 0..1, object b at x = 6..9
        Mask a = rect(10, 1, 0, 0, 2, 1);
        Mask b = rect(10, 1, 6, 0, 10, 1);
        Heatmap at3 = map(1, 10, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0);   // 2 px from a, 3 px from b
        Heatmap at5 = map(1, 10, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0);   // 4 px from a, 1 px from b
        Heatmap onB = map(1, 10, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0);
        assertEquals(0, Metrics.classDiscrimination(List.of(at3, at5), List.of(a, b)), "strict: both off their objects");
        assertEquals(2, Metrics.classDiscrimination(List.of(at3, at5), List.of(a, b), 2), "each within 2 px, its object nearer");
        assertEquals(0, Metrics.classDiscrimination(List.of(at5, at3), List.of(a, b), 5), "within 5 px, but the other object is nearer");
        assertEquals(1, Metrics.classDiscrimination(List.of(onB, onB), List.of(a, b), 100),
                "a maximum on object b counts for b only, however far the tolerance reaches");
        assertEquals(Metrics.classDiscrimination(List.of(at3, onB), List.of(a, b)),
                Metrics.classDiscrimination(List.of(at3, onB), List.of(a, b), 0), "tolerance 0 is the strict metric");
    }

    @Test
    void nanMapsAreRejected() {
        Heatmap nan = map(1, 2, 1f, Float.NaN);
        Mask m = mask(2, 1, 0);
        assertThrows(IllegalArgumentException.class, () -> Metrics.pointingGame(nan, m));
        assertThrows(IllegalArgumentException.class, () -> Metrics.energyPointingGame(nan, m));
        assertThrows(IllegalArgumentException.class, () -> Metrics.topFractionIou(nan, m, 0.5));
    }
}
