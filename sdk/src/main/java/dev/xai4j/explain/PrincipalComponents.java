package dev.xai4j.explain;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * n points (rows of X, n × D) projected on their leading principal components: with the centred matrix
 * X_c = X − 1·μᵀ (μ the mean row) and its thin SVD X_c = U Σ Vᵀ (σ_1 ≥ σ_2 ≥ …), the coordinates on
 * component k are X_c v_k = σ_k U[:, k], and its explained variance ratio is σ_k² / Σ_m σ_m².
 *
 * <p>Each component's sign is fixed so that its coordinate of largest magnitude is positive
 * (scikit-learn's {@code svd_flip} convention, and the rule of pytorch-grad-cam's
 * {@code get_2d_projection_with_sign_correction}): an SVD's signs are arbitrary, and after a ReLU
 * (EigenCAM) the two signs give unrelated maps.
 *
 * <p>Rather than a full SVD, the symmetric eigen-decomposition of the smaller of the Gram matrix
 * X_c X_cᵀ (n × n) and the scatter matrix X_cᵀ X_c (D × D): both have the eigenvalues σ_k², and the
 * Gram matrix's eigenvectors are U's columns. For ViT-B's 196 patches × 768 widths this takes
 * milliseconds where a full SVD takes about a second. A full decomposition rather than power
 * iteration: σ_1/σ_2 can be close to 1 (1.012 on a fixture), where power iteration converges slowly.
 * Components that do not exist (fewer than 2 points, no variance, rank below k) have zero
 * coordinates and ratio 0.
 */
public final class PrincipalComponents {

    /**
     * The projection.
     *
     * @param coordinates   [components][n]: each point's coordinate on each component
     * @param varianceRatio [components]: each component's share of the total variance
     */
    public record Projection(double[][] coordinates, double[] varianceRatio) {
    }

    private PrincipalComponents() {
    }

    /** The rows' coordinates on their first {@code components} principal components. */
    public static Projection of(double[][] rows, int components) {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        double[][] coords = new double[components][n];
        double[] ratio = new double[components];
        if (n < 2 || d == 0) {
            return new Projection(coords, ratio);
        }
        double[] mean = new double[d];
        for (double[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] c = new double[n][d];
        double total = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                c[i][j] = rows[i][j] - mean[j];
                total += c[i][j] * c[i][j];
            }
        }
        if (!(total > 0)) {
            return new Projection(coords, ratio);
        }
        boolean gram = n <= d;
        int m = gram ? n : d;
        double[][] s = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = a; b < m; b++) {
                double v = 0;
                if (gram) {
                    for (int j = 0; j < d; j++) {
                        v += c[a][j] * c[b][j];
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        v += c[i][a] * c[i][b];
                    }
                }
                s[a][b] = v;
                s[b][a] = v;
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(s, false));
        double[] lambda = eig.getRealEigenvalues();
        boolean[] taken = new boolean[lambda.length];
        for (int k = 0; k < Math.min(components, m); k++) {
            // the k-th largest eigenvalue, not trusting the library's order
            int best = -1;
            for (int i = 0; i < lambda.length; i++) {
                if (!taken[i] && (best < 0 || lambda[i] > lambda[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            // rounding can leave a vanishing eigenvalue slightly negative
            double l = Math.max(0, lambda[best]);
            ratio[k] = l / total;
            RealVector v = eig.getEigenvector(best);
            int big = 0;
            for (int i = 0; i < n; i++) {
                double p;
                if (gram) {
                    p = v.getEntry(i) * Math.sqrt(l);
                } else {
                    p = 0;
                    for (int j = 0; j < d; j++) {
                        p += c[i][j] * v.getEntry(j);
                    }
                }
                coords[k][i] = p;
                if (Math.abs(p) > Math.abs(coords[k][big])) {
                    big = i;
                }
            }
            if (coords[k][big] < 0) {
                for (int i = 0; i < n; i++) {
                    coords[k][i] = -coords[k][i];
                }
            }
        }
        return new Projection(coords, ratio);
    }
}
