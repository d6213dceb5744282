package dev.xai4j.eval;

import java.util.SplittableRandom;

/**
 * The noisy linear imputation of ROAD (Rong et al. 2022, "A consistent and efficient evaluation
 * strategy for attribution methods", ICML): every removed pixel becomes the weighted mean of its
 * in-image 8-neighbours, direct neighbours weighted 1/6 and diagonal ones 1/12, where removed
 * neighbours are themselves unknowns. For removed pixel i with in-image neighbours N(i):
 * {@code Σ_{j∈N(i)} w_ij · x_i − Σ_{j∈N(i), removed} w_ij · x_j = Σ_{j∈N(i), kept} w_ij · v_j},
 * one sparse symmetric system per channel, solved by {@link SparseSystem} (their code uses a direct
 * sparse solver; the solution is the same). Then {@code σ · N(0, 1)} is added to each imputed value
 * (their default σ = 0.01); kept pixels are unchanged. An interior pixel whose neighbours are all kept
 * gets exactly {@code Σ_j w_ij v_j} (the weights sum to 1).
 *
 * <p>The system is affine-invariant (constants solve its homogeneous part), so imputing a normalised
 * image equals normalising the imputed image; σ is in the units of the values given.
 *
 * <p>Speed: conjugate gradients need about as many iterations as a removed region is wide (≈ 500 for
 * 90 % of a 224 × 224 image), nearly all of them to move the smooth part of the solution. So the
 * solver starts from the same problem solved on a grid of half the resolution (a coarse pixel is kept
 * if any of its four pixels is, with their mean), recursively, interpolated bilinearly: cascadic
 * multigrid. Only the start changes; the solution is the fine system's.
 */
final class NoisyLinearImputation {

    private static final double DIRECT = 1.0 / 6;
    private static final double DIAGONAL = 1.0 / 12;
    private static final int[] DY = {-1, -1, -1, 0, 0, 1, 1, 1};
    private static final int[] DX = {-1, 0, 1, -1, 1, -1, 0, 1};

    private NoisyLinearImputation() {
    }

    /**
     * Imputes the removed pixels of a [C, H, W] image.
     *
     * @param chw     the values, channel-major
     * @param removed H·W flags, row-major
     * @param sigma   standard deviation of the noise added to imputed values (0: none)
     * @param random  source of the noise
     * @return a new [C, H, W] array
     */
    static float[] impute(float[] chw, int channels, int h, int w, boolean[] removed, double sigma, SplittableRandom random) {
        double[] values = new double[chw.length];
        for (int i = 0; i < chw.length; i++) {
            values[i] = chw[i];
        }
        double[] solved = solve(values, channels, h, w, removed);
        float[] out = chw.clone();
        int plane = h * w;
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < plane; p++) {
                if (removed[p]) {
                    out[c * plane + p] = (float) (solved[c * plane + p] + (sigma > 0 ? sigma * random.nextGaussian() : 0));
                }
            }
        }
        return out;
    }

    /** Below this many removed pixels the solver starts from the kept pixels' mean instead of a coarser solution. */
    private static final int COARSE_BELOW = 256;

    /** The noise-free imputation: the values with every removed pixel solved for. */
    static double[] solve(double[] chw, int channels, int h, int w, boolean[] removed) {
        int plane = h * w;
        if (chw.length != channels * plane || removed.length != plane) {
            throw new IllegalArgumentException("image of " + chw.length + " values and " + removed.length
                    + " flags for " + channels + "x" + h + "x" + w);
        }
        int[] unknown = new int[plane];
        int n = 0;
        for (int p = 0; p < plane; p++) {
            unknown[p] = removed[p] ? n++ : -1;
        }
        double[] out = chw.clone();
        if (n == 0) {
            return out;
        }
        int[] pixel = new int[n];
        double[] diagonal = new double[n];
        int[] rowStart = new int[n + 1];
        int[] columns = new int[8 * n];
        double[] values = new double[8 * n];
        double[][] rhs = new double[channels][n];
        int e = 0;
        for (int p = 0; p < plane; p++) {
            int i = unknown[p];
            if (i < 0) {
                continue;
            }
            pixel[i] = p;
            rowStart[i] = e;
            int y = p / w;
            int x = p % w;
            for (int k = 0; k < 8; k++) {
                int yy = y + DY[k];
                int xx = x + DX[k];
                if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
                    continue;
                }
                double wt = DY[k] == 0 || DX[k] == 0 ? DIRECT : DIAGONAL;
                diagonal[i] += wt;
                int q = yy * w + xx;
                if (unknown[q] >= 0) {
                    columns[e] = unknown[q];
                    values[e++] = -wt;
                } else {
                    for (int c = 0; c < channels; c++) {
                        rhs[c][i] += wt * chw[c * plane + q];
                    }
                }
            }
        }
        rowStart[n] = e;
        SparseSystem system = new SparseSystem(diagonal, rowStart, java.util.Arrays.copyOf(columns, e),
                java.util.Arrays.copyOf(values, e));
        double[] start = n >= COARSE_BELOW && h >= 4 && w >= 4 ? coarseStart(chw, channels, h, w, removed) : null;
        double[][] x = new double[channels][n];
        for (int c = 0; c < channels; c++) {
            double fallback = start == null ? keptMean(chw, c * plane, removed) : 0;
            for (int i = 0; i < n; i++) {
                x[c][i] = start == null ? fallback : start[c * plane + pixel[i]];
            }
        }
        system.solve(rhs, x);
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < n; i++) {
                out[c * plane + pixel[i]] = x[c][i];
            }
        }
        return out;
    }

    /** The problem on the half-resolution grid, solved and interpolated back bilinearly. */
    private static double[] coarseStart(double[] chw, int channels, int h, int w, boolean[] removed) {
        int ch = (h + 1) / 2;
        int cw = (w + 1) / 2;
        int plane = h * w;
        int cplane = ch * cw;
        double[] coarse = new double[channels * cplane];
        int[] kept = new int[cplane];
        for (int p = 0; p < plane; p++) {
            if (!removed[p]) {
                int q = (p / w / 2) * cw + (p % w) / 2;
                kept[q]++;
                for (int c = 0; c < channels; c++) {
                    coarse[c * cplane + q] += chw[c * plane + p];
                }
            }
        }
        boolean[] coarseRemoved = new boolean[cplane];
        for (int q = 0; q < cplane; q++) {
            coarseRemoved[q] = kept[q] == 0;
            for (int c = 0; c < channels && kept[q] > 0; c++) {
                coarse[c * cplane + q] /= kept[q];
            }
        }
        double[] solved = solve(coarse, channels, ch, cw, coarseRemoved);
        double[] out = new double[chw.length];
        for (int y = 0; y < h; y++) {
            // fine pixel centre in coarse coordinates, clamped to the outermost centres
            double fy = Math.min(ch - 1, Math.max(0, (y + 0.5) / 2 - 0.5));
            int y0 = (int) fy;
            int y1 = Math.min(ch - 1, y0 + 1);
            double ty = fy - y0;
            for (int x = 0; x < w; x++) {
                if (!removed[y * w + x]) {
                    continue;
                }
                double fx = Math.min(cw - 1, Math.max(0, (x + 0.5) / 2 - 0.5));
                int x0 = (int) fx;
                int x1 = Math.min(cw - 1, x0 + 1);
                double tx = fx - x0;
                for (int c = 0; c < channels; c++) {
                    int o = c * cplane;
                    out[c * plane + y * w + x] = (1 - ty) * ((1 - tx) * solved[o + y0 * cw + x0] + tx * solved[o + y0 * cw + x1])
                            + ty * ((1 - tx) * solved[o + y1 * cw + x0] + tx * solved[o + y1 * cw + x1]);
                }
            }
        }
        return out;
    }

    /** The mean of one channel over the kept pixels (0 when none is kept). */
    private static double keptMean(double[] chw, int offset, boolean[] removed) {
        double s = 0;
        int n = 0;
        for (int p = 0; p < removed.length; p++) {
            if (!removed[p]) {
                s += chw[offset + p];
                n++;
            }
        }
        return n == 0 ? 0 : s / n;
    }
}
