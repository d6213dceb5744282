package dev.xai4j.eval;

import dev.xai4j.explain.Heatmap;
import dev.xai4j.model.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The perturbation test and ROAD on a linear model, whose true per-pixel effects are known: logit_c =
 * Σ W[c]·x + b_c, so removing pixel p (all channels set to the fill f) changes logit 0 by
 * −e_p = −Σ_ch W[0, ch, p] (x[ch, p] − f_ch).
 */
class RemovalCurvesTest {

    private static final int H = 12;
    private static final int W = 12;
    private static final int N = H * W;

    /** A 2-class linear model: class 0 weights random, class 1 a constant logit. */
    private record Linear(float[] weights, float bias1) implements RemovalCurves.Logits {
        @Override
        public Tensor logits(Tensor batch) {
            int b = batch.dim(0);
            int plane = 3 * N;
            float[] out = new float[2 * b];
            for (int i = 0; i < b; i++) {
                double s = 0;
                for (int k = 0; k < plane; k++) {
                    s += weights[k] * batch.data()[i * plane + k];
                }
                out[2 * i] = (float) s;
                out[2 * i + 1] = bias1;
            }
            return Tensor.of(out, b, 2);
        }
    }

    /** Records the class-0 logit of every image it scores. */
    private static final class Recording implements RemovalCurves.Logits {
        final RemovalCurves.Logits inner;
        final List<Float> logit0 = new ArrayList<>();
        int calls;

        Recording(RemovalCurves.Logits inner) {
            this.inner = inner;
        }

        @Override
        public Tensor logits(Tensor batch) {
            calls++;
            Tensor t = inner.logits(batch);
            for (int i = 0; i < batch.dim(0); i++) {
                logit0.add(t.data()[2 * i]);
            }
            return t;
        }
    }

    private static float[] random(long seed, int n, double scale, double offset) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (offset + scale * r.nextGaussian());
        }
        return v;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    /** e_p for fill f, the map a perfect attribution method returns. */
    private static Heatmap effect(float[] w, float[] x, float[] fill) {
        float[] e = new float[N];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < N; p++) {
                e[p] += w[c * N + p] * (x[c * N + p] - fill[c]);
            }
        }
        return new Heatmap(e, H, W);
    }

    @Test
    void theTrueEffectMapGivesThePerfectDeletionCurve() {
        float[] w = random(1, 3 * N, 1, 0);
        float[] x = random(2, 3 * N, 1, 0.2);
        float[] fill = {-0.5f, 0.1f, 0.3f};
        Heatmap e = effect(w, x, fill);
        Recording model = new Recording(new Linear(w, 0));
        RemovalCurves.perturbation(Tensor.of(x, 3, H, W), e, fill, 1, 0, 0, model, 7);
        assertEquals(3, model.calls, "20 images in batches of at most 7");
        float[] sorted = e.values().clone();
        Arrays.sort(sorted);
        double full = dot(w, x);
        double bestSum = 0;
        int removed = 0;
        for (int k = 0; k < RemovalCurves.PERTURBATION_FRACTIONS.length; k++) {
            int target = (int) Math.floor(RemovalCurves.PERTURBATION_FRACTIONS[k] * N + 1e-9);
            while (removed < target) {
                bestSum += sorted[N - 1 - removed++];
            }
            // the lowest logit any set of this many pixels can leave: the largest effects removed
            assertEquals(full - bestSum, model.logit0.get(k), 1e-3, "positive step " + k);
            // and every other order leaves at least as much
        }
        for (long seed = 10; seed < 20; seed++) {
            Recording other = new Recording(new Linear(w, 0));
            Heatmap noise = new Heatmap(random(seed, N, 1, 0), H, W);
            RemovalCurves.perturbation(Tensor.of(x, 3, H, W), noise, fill, 1, 0, 0, other, 40);
            for (int k = 0; k < RemovalCurves.PERTURBATION_FRACTIONS.length; k++) {
                assertTrue(other.logit0.get(k) >= model.logit0.get(k) - 1e-3, "random order below the optimum at step " + k);
            }
        }
    }

    @Test
    void theTrueEffectMapFlipsThePredictionFirstAndKeepsItLongest() {
        float[] w = random(3, 3 * N, 1, 0);
        float[] x = random(4, 3 * N, 1, 0.2);
        float[] fill = {0, 0, 0};
        Heatmap e = effect(w, x, fill);
        float margin = (float) (dot(w, x) / 2); // class 0 wins on the full image, loses once half its logit is gone
        assertTrue(dot(w, x) > 0, "the fixture's class 0 wins");
        Linear model = new Linear(w, margin);
        RemovalCurves.Perturbation best = RemovalCurves.perturbation(Tensor.of(x, 3, H, W), e, fill, 1, 0, 0, model, 40);
        assertEquals(1, best.positive().y()[0], 0, "nothing removed: the prediction stands");
        assertEquals(0, best.positive().y()[1], 0, "removing the top 10 % of effects flips it");
        for (long seed = 30; seed < 45; seed++) {
            Heatmap noise = new Heatmap(random(seed, N, 1, 0), H, W);
            RemovalCurves.Perturbation other = RemovalCurves.perturbation(Tensor.of(x, 3, H, W), noise, fill, 1, 0, 0, model, 40);
            assertTrue(100 * best.positive().area() <= 100 * other.positive().area());
            assertTrue(100 * best.negative().area() >= 100 * other.negative().area());
        }
        // the target variant with target = prediction is the same curve
        assertArrayEquals(best.positive().y(), best.positiveTarget().y());
        // AUC × 100 over fractions 0 … 0.9: at most 90
        assertEquals(90, 100 * best.negative().area(), 1e-9, "removing the least relevant 90 % keeps the prediction");
    }

    @Test
    void patchesAreRemovedWhole() {
        float[] w = random(5, 3 * N, 1, 0);
        float[] x = random(6, 3 * N, 1, 0);
        RemovalOrder order = RemovalOrder.of(new Heatmap(random(7, N, 1, 0), H, W), H, W, 4, true);
        assertEquals(9, order.units());
        boolean[] r = order.removed(order.removedAt(0.4)); // ⌊3.6⌋ = 3 patches
        int n = 0;
        for (boolean b : r) {
            n += b ? 1 : 0;
        }
        assertEquals(3 * 16, n);
        assertTrue(w.length == x.length);
    }

    @Test
    void roadMorfMatchesLerfForRandomMapsOnAverageButNotForTheTrueEffect() {
        int h = 16;
        int wd = 16;
        int n = h * wd;
        float[] w = random(8, 3 * n, 1, 0);
        // a smooth image: imputation from neighbours then recovers most of a pixel, as in natural images
        float[] x = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < wd; xx++) {
                    x[c * n + y * wd + xx] = (float) Math.sin(0.4 * xx + c) * (float) Math.cos(0.3 * y);
                }
            }
        }
        // pixels where the model's weights are large carry an offset that imputation cannot recover
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < 3; c++) {
                if (Math.abs(w[c * n + p]) > 1.5) {
                    x[c * n + p] += 2 * Math.signum(w[c * n + p]);
                }
            }
        }
        RemovalCurves.Logits model = batch -> {
            int b = batch.dim(0);
            float[] out = new float[2 * b];
            for (int i = 0; i < b; i++) {
                double s = 0;
                for (int k = 0; k < 3 * n; k++) {
                    s += w[k] * batch.data()[i * 3 * n + k];
                }
                out[2 * i] = (float) s;
            }
            return Tensor.of(out, b, 2);
        };
        double[] fractions = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
        Tensor pixels = Tensor.of(x, 3, h, wd);
        float[] gi = new float[n];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < n; p++) {
                gi[p] += w[c * n + p] * x[c * n + p];
            }
        }
        RemovalCurves.Road informed = RemovalCurves.road(pixels, new Heatmap(gi, h, wd), fractions, 0.01,
                new SplittableRandom(1), 0, model, 20);
        double informedGap = informed.lerfLogit().area() - informed.morfLogit().area();
        assertTrue(informedGap > 5, "gradient × input of a linear model is faithful: gap " + informedGap);
        int maps = 30;
        double sum = 0;
        double sq = 0;
        for (int m = 0; m < maps; m++) {
            RemovalCurves.Road r = RemovalCurves.road(pixels, new Heatmap(random(100 + m, n, 1, 0), h, wd), fractions, 0.01,
                    new SplittableRandom(m), 0, model, 20);
            double gap = r.lerfLogit().area() - r.morfLogit().area();
            sum += gap;
            sq += gap * gap;
            assertEquals(r.morf().y()[0], r.lerf().y()[0], 0.02, "both curves start at the (noise-free) image");
        }
        double mean = sum / maps;
        double se = Math.sqrt((sq / maps - mean * mean) / maps);
        assertTrue(Math.abs(mean) < 3 * se + 0.05 * informedGap,
                "random maps: mean gap " + mean + " ± " + se + " (informed " + informedGap + ")");
    }
}
