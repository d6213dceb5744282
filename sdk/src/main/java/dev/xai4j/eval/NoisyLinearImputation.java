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
     * @param start   a start for the solver per channel and removed pixel (e.g. the previous step's
     *                solution), or null to start from 0; {@code start[c][p]} for pixel p
     * @return a new [C, H, W] array; with {@code solution} (if not null, C·H·W values) receiving the
     *         noise-free imputed values at removed pixels
     */
    static float[] impute(float[] chw, int channels, int h, int w, boolean[] removed, double sigma, SplittableRandom random,
                          double[] start, double[] solution) {
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
        float[] out = chw.clone();
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
        double[] x = new double[n];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < n; i++) {
                x[i] = start == null ? 0 : start[c * plane + pixel[i]];
            }
            system.solve(rhs[c], x);
            for (int i = 0; i < n; i++) {
                int at = c * plane + pixel[i];
                if (solution != null) {
                    solution[at] = x[i];
                }
                out[at] = (float) (x[i] + (sigma > 0 ? sigma * random.nextGaussian() : 0));
            }
        }
        return out;
    }
}
