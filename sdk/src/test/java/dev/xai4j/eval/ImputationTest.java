package dev.xai4j.eval;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ROAD's noisy linear imputation and its solver, against values worked out by hand. */
class ImputationTest {

    /** A one-channel 4 × 4 image with v(y, x) = (4y + x)²: not linear, so the weights matter. */
    private static float[] squares() {
        float[] v = new float[16];
        for (int i = 0; i < 16; i++) {
            v[i] = i * i;
        }
        return v;
    }

    private static boolean[] removed(int... pixels) {
        boolean[] r = new boolean[16];
        for (int p : pixels) {
            r[p] = true;
        }
        return r;
    }

    private static float[] impute(float[] v, boolean[] removed) {
        return NoisyLinearImputation.impute(v, 1, 4, 4, removed, 0, new SplittableRandom(1));
    }

    @Test
    void anInteriorPixelBecomesTheWeightedMeanOfItsNeighbours() {
        float[] v = squares();
        float[] out = impute(v, removed(5)); // (1, 1)
        // direct (1/6): 1, 16, 36, 81 → 134/6; diagonal (1/12): 0, 4, 64, 100 → 168/12 = 14; sum 109/3
        assertEquals(109.0 / 3, out[5], 1e-4);
        for (int p = 0; p < 16; p++) {
            if (p != 5) {
                assertEquals(v[p], out[p], 0, "kept pixels are unchanged");
            }
        }
    }

    @Test
    void anEdgePixelUsesItsInImageNeighboursOnly() {
        float[] out = impute(squares(), removed(1)); // (0, 1)
        // direct: 0, 4, 25 → 29/6; diagonal: 16, 36 → 52/12; weights 3/6 + 2/12 = 2/3 → (55/6)/(2/3) = 55/4
        assertEquals(55.0 / 4, out[1], 1e-4);
    }

    @Test
    void twoAdjacentPixelsAreSolvedTogether() {
        float[] out = impute(squares(), removed(5, 6)); // (1, 1) = a, (1, 2) = b
        // a − b/6 = 91/3 and b − a/6 = 259/6 → b = 1736/35 = 49.6, a = 91/3 + b/6 = 38.6
        assertEquals(38.6, out[5], 1e-4);
        assertEquals(49.6, out[6], 1e-4);
    }

    @Test
    void planesAreReproducedAndNoiseHasTheRequestedSpread() {
        int h = 24;
        int w = 24;
        float[] v = new float[2 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                v[y * w + x] = 0.5f * x - 0.25f * y + 1;
                v[h * w + y * w + x] = -2f;
            }
        }
        boolean[] r = new boolean[h * w];
        SplittableRandom pick = new SplittableRandom(5);
        int n = 0;
        for (int p = 0; p < r.length; p++) {
            // inside the border: every removed pixel has all 8 neighbours, whose symmetric weights a plane satisfies
            boolean border = p / w == 0 || p / w == h - 1 || p % w == 0 || p % w == w - 1;
            r[p] = !border && pick.nextDouble() < 0.6;
            n += r[p] ? 1 : 0;
        }
        float[] exact = NoisyLinearImputation.impute(v, 2, h, w, r, 0, new SplittableRandom(1));
        for (int p = 0; p < h * w; p++) {
            assertEquals(v[p], exact[p], 1e-3, "a plane is its own fill away from the border");
            assertEquals(-2f, exact[h * w + p], 1e-4);
        }
        float[] noisy = NoisyLinearImputation.impute(v, 2, h, w, r, 0.3, new SplittableRandom(1));
        double sum = 0;
        double sq = 0;
        for (int p = 0; p < h * w; p++) {
            if (r[p]) {
                double d = noisy[h * w + p] - exact[h * w + p];
                sum += d;
                sq += d * d;
            } else {
                assertEquals(v[p], noisy[p], 0, "no noise on kept pixels");
            }
        }
        double sd = Math.sqrt(sq / n - (sum / n) * (sum / n));
        assertTrue(Math.abs(sd - 0.3) < 0.03 && Math.abs(sum / n) < 0.05, "noise σ " + sd + ", mean " + sum / n);
    }

    @Test
    void conjugateGradientsSolveASmallSystem() {
        // [[4, −1, 0], [−1, 4, −1], [0, −1, 4]] x = [2, 4, 10] → x = [1, 2, 3]
        SparseSystem s = new SparseSystem(new double[]{4, 4, 4}, new int[]{0, 1, 3, 4}, new int[]{1, 0, 2, 1},
                new double[]{-1, -1, -1, -1});
        double[] x = new double[3];
        int iterations = s.solve(new double[]{2, 4, 10}, x);
        assertEquals(1, x[0], 1e-6);
        assertEquals(2, x[1], 1e-6);
        assertEquals(3, x[2], 1e-6);
        assertTrue(iterations <= 3, "CG ends within n steps in exact arithmetic: " + iterations);
    }
}
