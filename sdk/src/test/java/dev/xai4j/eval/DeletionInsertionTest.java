package dev.xai4j.eval;

import dev.xai4j.explain.Heatmap;
import dev.xai4j.model.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Deletion and insertion with an injected scorer whose probability is the fraction of object pixels
 * still showing the original image. On a 4 × 5 image (n = 20) with the object's pixels ranked first,
 * the object holds a fraction f of the pixels, so deletion traces p(t) = max(0, 1 − t/f) and insertion
 * p(t) = min(1, t/f); with f a multiple of 0.1 the trapezoid rule is exact: deletion AUC = f/2,
 * insertion AUC = 1 − f/2. Ranked last, the object gives deletion AUC = 1 − f/2, insertion AUC = f/2.
 */
class DeletionInsertionTest {

    private static final int H = 4;
    private static final int W = 5;

    /** Original = 1 everywhere, baseline = 0 everywhere: a pixel shows the original iff its value is 1. */
    private static final Tensor ORIGINAL = filled(1f);
    private static final Tensor BASELINE = filled(0f);

    private static Tensor filled(float v) {
        float[] d = new float[3 * H * W];
        Arrays.fill(d, v);
        return Tensor.of(d, 3, H, W);
    }

    /** Fraction of the object's pixels whose three channels all show the original. */
    private static DeletionInsertion.Scorer objectShare(int[] object, List<int[]> calls) {
        return (images, targets) -> {
            calls.add(targets.clone());
            int n = H * W;
            double[] p = new double[images.dim(0)];
            for (int b = 0; b < p.length; b++) {
                int kept = 0;
                for (int px : object) {
                    boolean all = true;
                    for (int c = 0; c < 3; c++) {
                        all &= images.data()[b * 3 * n + c * n + px] == 1f;
                    }
                    kept += all ? 1 : 0;
                }
                p[b] = (double) kept / object.length;
            }
            return p;
        };
    }

    /** A map ranking the object's pixels first (or last). */
    private static Heatmap ranking(int[] object, boolean objectFirst) {
        float[] v = new float[H * W];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.5f + 0.01f * (v.length - i); // background: some order of its own
        }
        for (int px : object) {
            v[px] = objectFirst ? 10 : -10;
        }
        return new Heatmap(v, H, W);
    }

    private static DeletionInsertion.Curves curves(int[] object, boolean objectFirst) {
        List<int[]> calls = new ArrayList<>();
        return DeletionInsertion.run(List.of(new DeletionInsertion.Job(ORIGINAL, BASELINE, ranking(object, objectFirst), 3)),
                objectShare(object, calls), 22).get(0);
    }

    @Test
    void aMapThatRanksTheObjectFirstHasTheClosedFormAucs() {
        int[] object = {6, 7, 11, 12}; // f = 0.2
        DeletionInsertion.Curves c = curves(object, true);
        assertArrayEquals(new double[]{1, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0}, c.deletion(), 1e-12);
        assertArrayEquals(new double[]{0, 0.5, 1, 1, 1, 1, 1, 1, 1, 1, 1}, c.insertion(), 1e-12);
        assertEquals(0.1, c.deletionAuc(), 1e-12);
        assertEquals(0.9, c.insertionAuc(), 1e-12);

        int[] larger = {0, 1, 2, 5, 6, 7}; // f = 0.3
        assertEquals(0.15, curves(larger, true).deletionAuc(), 1e-12);
        assertEquals(0.85, curves(larger, true).insertionAuc(), 1e-12);
    }

    @Test
    void aMapThatRanksTheObjectLastHasTheMirroredAucs() {
        int[] object = {6, 7, 11, 12};
        DeletionInsertion.Curves c = curves(object, false);
        assertArrayEquals(new double[]{1, 1, 1, 1, 1, 1, 1, 1, 1, 0.5, 0}, c.deletion(), 1e-12);
        assertEquals(0.9, c.deletionAuc(), 1e-12);
        assertEquals(0.1, c.insertionAuc(), 1e-12);
    }

    @Test
    void theElevenImagesOfACurveShareOneScorerCallAndMapsAreBatchedTogether() {
        int[] object = {0, 1};
        List<int[]> calls = new ArrayList<>();
        List<DeletionInsertion.Job> jobs = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            jobs.add(new DeletionInsertion.Job(ORIGINAL, BASELINE, ranking(object, true), t));
        }
        List<DeletionInsertion.Curves> out = DeletionInsertion.run(jobs, objectShare(object, calls), 50);
        assertEquals(3, out.size());
        // 50 images per call hold two maps' 22 images: calls of 44 and 22
        assertEquals(2, calls.size());
        assertEquals(44, calls.get(0).length);
        assertEquals(22, calls.get(1).length);
        int[] expected = new int[44];
        Arrays.fill(expected, 22, 44, 1);
        assertArrayEquals(expected, calls.get(0), "each map's images carry its target");
        for (DeletionInsertion.Curves c : out) {
            assertEquals(0.05, c.deletionAuc(), 1e-12); // f = 0.1
        }
        assertThrows(IllegalArgumentException.class, () -> DeletionInsertion.run(jobs, objectShare(object, calls), 21));
    }

    @Test
    void trapezoidAucOfKnownCurves() {
        assertEquals(0.7, DeletionInsertion.auc(new double[]{0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7}), 1e-12);
        assertEquals(0.5, DeletionInsertion.auc(new double[]{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1}), 1e-12);
        assertEquals(0.25, DeletionInsertion.auc(new double[]{0, 0.5}), 1e-12);
    }

    @Test
    void blurKeepsConstantsAndSpreadsAPointSymmetrically() {
        Tensor flat = filled(0.25f);
        assertArrayEquals(flat.data(), DeletionInsertion.blurred(flat, 2).data(), 1e-6f);
        float[] d = new float[3 * 9 * 9];
        d[4 * 9 + 4] = 1; // channel 0, centre
        float[] b = DeletionInsertion.blurred(Tensor.of(d, 3, 9, 9), 1).data();
        double sum = 0;
        for (int i = 0; i < 81; i++) {
            sum += b[i];
        }
        assertEquals(1, sum, 1e-5, "mass is kept away from the edges");
        assertEquals(b[4 * 9 + 3], b[4 * 9 + 5], 1e-7);
        assertEquals(b[3 * 9 + 4], b[4 * 9 + 3], 1e-7);
        assertEquals(0, b[81 + 40], "channels stay apart");
        assertThrows(IllegalArgumentException.class, () -> DeletionInsertion.blurred(flat, 0));
    }

    @Test
    void aMapOffThePixelGridIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new DeletionInsertion.Job(ORIGINAL, BASELINE, new Heatmap(new float[4], 2, 2), 0));
    }
}
