package dev.xai4j.anatomy;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

import java.util.List;

/**
 * Two-component PCA (formulas in {@link PcaProjection}). Rather than a full SVD of the centred
 * n × D data, the symmetric eigen-decomposition of the smaller of the Gram matrix
 * {@code G = X_c X_cᵀ} (n × n) and the scatter matrix {@code S = X_cᵀ X_c} (D × D): both have the
 * eigenvalues σ_k², and G's eigenvectors are U's columns. For ViT-B's 196 patches × 768 widths this
 * takes milliseconds where Commons Math's full SVD (which also builds V, 768 × 196) takes about a second.
 * Squaring the data squares its condition number, which costs nothing here: only the two leading
 * components are read, and their eigenvalues are the largest.
 */
final class Pca {

    private Pca() {
    }

    static PcaProjection project(double[][] rows, List<String> labels) {
        int n = rows.length;
        int d = n == 0 ? 0 : rows[0].length;
        double[] x = new double[n];
        double[] y = new double[n];
        double[] ratio = new double[2];
        if (n < 2 || d == 0) {
            return new PcaProjection(labels, x, y, ratio);
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
            return new PcaProjection(labels, x, y, ratio);
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
        double[][] coords = {x, y};
        int taken = -1;
        for (int k = 0; k < Math.min(2, m); k++) {
            // the k-th largest eigenvalue, not trusting the library's order
            int best = -1;
            for (int i = 0; i < lambda.length; i++) {
                if (i != taken && (best < 0 || lambda[i] > lambda[best])) {
                    best = i;
                }
            }
            taken = best;
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
        return new PcaProjection(labels, x, y, ratio);
    }
}
