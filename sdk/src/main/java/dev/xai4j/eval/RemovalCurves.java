package dev.xai4j.eval;

import dev.xai4j.explain.Heatmap;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.VisionModel;

import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The removal curves of one map on one image, every perturbed image of a map scored in batched forward
 * passes: Chefer et al.'s perturbation test and ROAD's MoRF/LeRF curves.
 *
 * <p><b>Perturbation test</b> (Chefer et al. 2021, "Transformer interpretability beyond attention
 * visualization", CVPR; their {@code pertubation_eval_from_hdf5.py}). At each fraction
 * {@code f ∈ {0, 0.1, …, 0.9}} the ⌊f · n⌋ most relevant (positive) or least relevant (negative) of the n
 * units ({@link RemovalOrder}) take the removal value, and the step scores 1 if the perturbed image's
 * top-1 class equals the reference class, else 0; the reference is the unperturbed prediction or the
 * explained class. {@code AUC = 100 · Σ_k (h_k + h_{k+1}) / 2 · (f_{k+1} − f_k)} ∈ [0, 90]. A faithful
 * map has a low positive and a high negative AUC.
 *
 * <p><b>ROAD</b> (Rong et al. 2022). At each fraction the most relevant (MoRF) or least relevant (LeRF)
 * pixels are removed and filled by {@link NoisyLinearImputation}; each step records the target class's
 * softmax probability and its logit. Areas are trapezoids over the fractions. A faithful map's MoRF
 * curve falls fast and its LeRF curve stays high; {@code A(LeRF) − A(MoRF)} of the logit curves is the
 * faithfulness score used by AttnLRP (Achtibat et al. 2024, "AttnLRP: attention-aware layer-wise
 * relevance propagation for transformers", ICML), positive when removing the most relevant pixels
 * first hurts more.
 */
final class RemovalCurves {

    /** Chefer et al.'s steps, with the unperturbed image first. */
    static final double[] PERTURBATION_FRACTIONS = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};

    private RemovalCurves() {
    }

    /** A batch of model inputs [B, 3, H, W] to logits [B, C]: a model, or a known function in tests. */
    @FunctionalInterface
    interface Logits {
        Tensor logits(Tensor batch);

        static Logits of(VisionModel model) {
            return batch -> model.run(PassRequest.forward(batch, Set.of())).logits();
        }
    }

    /** The perturbation test's four curves of one map (hit rates 0/1 per step). */
    record Perturbation(Curve positive, Curve negative, Curve positiveTarget, Curve negativeTarget) {
    }

    /** ROAD's curves of one map. */
    record Road(Curve morf, Curve lerf, Curve morfLogit, Curve lerfLogit) {
    }

    /**
     * The perturbation test of one map.
     *
     * @param pixels    the normalised input [3, H, W]
     * @param fill      the removal value per channel, in normalised units
     * @param predicted the unperturbed image's top class
     * @param target    the explained class
     */
    static Perturbation perturbation(Tensor pixels, Heatmap map, float[] fill, int patch, int predicted, int target,
                                     Logits model, int batch) {
        int h = pixels.dim(1);
        int w = pixels.dim(2);
        int steps = PERTURBATION_FRACTIONS.length;
        int plane = pixels.data().length;
        float[] images = new float[2 * steps * plane];
        for (int d = 0; d < 2; d++) {
            RemovalOrder order = RemovalOrder.of(map, h, w, patch, d == 0);
            for (int k = 0; k < steps; k++) {
                boolean[] removed = order.removed(order.removedAt(PERTURBATION_FRACTIONS[k]));
                int o = (d * steps + k) * plane;
                float[] src = pixels.data();
                System.arraycopy(src, 0, images, o, plane);
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < h * w; p++) {
                        if (removed[p]) {
                            images[o + c * h * w + p] = fill[c];
                        }
                    }
                }
            }
        }
        float[][] logits = logits(model, images, 2 * steps, h, w, batch);
        double[][] hits = new double[4][steps];
        for (int d = 0; d < 2; d++) {
            for (int k = 0; k < steps; k++) {
                int top = argmax(logits[d * steps + k]);
                hits[d][k] = top == predicted ? 1 : 0;
                hits[2 + d][k] = top == target ? 1 : 0;
            }
        }
        double[] x = PERTURBATION_FRACTIONS;
        return new Perturbation(new Curve(x, hits[0]), new Curve(x, hits[1]), new Curve(x, hits[2]), new Curve(x, hits[3]));
    }

    /**
     * ROAD's MoRF and LeRF curves of one map.
     *
     * @param pixels    the normalised input [3, H, W]
     * @param fractions the removal fractions, increasing in [0, 1)
     * @param sigma     imputation noise in normalised units
     */
    static Road road(Tensor pixels, Heatmap map, double[] fractions, double sigma, SplittableRandom random, int target,
                     Logits model, int batch) {
        int h = pixels.dim(1);
        int w = pixels.dim(2);
        int steps = fractions.length;
        float[] src = pixels.data();
        int plane = src.length;
        float[] images = new float[2 * steps * plane];
        for (int d = 0; d < 2; d++) {
            RemovalOrder order = RemovalOrder.of(map, h, w, 1, d == 0);
            for (int k = 0; k < steps; k++) {
                boolean[] removed = order.removed(order.removedAt(fractions[k]));
                float[] imputed = NoisyLinearImputation.impute(src, 3, h, w, removed, sigma, random);
                System.arraycopy(imputed, 0, images, (d * steps + k) * plane, plane);
            }
        }
        float[][] logits = logits(model, images, 2 * steps, h, w, batch);
        double[][] p = new double[2][steps];
        double[][] z = new double[2][steps];
        for (int d = 0; d < 2; d++) {
            for (int k = 0; k < steps; k++) {
                float[] row = logits[d * steps + k];
                z[d][k] = row[target];
                p[d][k] = softmax(row, target);
            }
        }
        return new Road(new Curve(fractions, p[0]), new Curve(fractions, p[1]), new Curve(fractions, z[0]),
                new Curve(fractions, z[1]));
    }

    /** Logit rows of {@code count} images of 3 × H × W, at most {@code batch} per forward pass. */
    static float[][] logits(Logits model, float[] images, int count, int h, int w, int batch) {
        int plane = 3 * h * w;
        float[][] out = new float[count][];
        for (int from = 0; from < count; from += batch) {
            int n = Math.min(batch, count - from);
            Tensor t = Tensor.of(Arrays.copyOfRange(images, from * plane, (from + n) * plane), n, 3, h, w);
            Tensor z = model.logits(t);
            int c = z.dim(1);
            for (int i = 0; i < n; i++) {
                out[from + i] = Arrays.copyOfRange(z.data(), i * c, (i + 1) * c);
            }
        }
        return out;
    }

    /** Index of the largest logit (the first on ties). */
    static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Softmax probability of one class. */
    static double softmax(float[] row, int c) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : row) {
            sum += Math.exp(v - max);
        }
        return Math.exp(row[c] - max) / sum;
    }
}
