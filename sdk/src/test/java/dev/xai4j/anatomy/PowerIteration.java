package dev.xai4j.anatomy;

/**
 * A second PCA path for the tests, sharing nothing with the SVD in {@link Pca}: the covariance
 * (scatter) matrix {@code C = X_cᵀ X_c} built by hand, its leading eigenvalues by power iteration with
 * Hotelling deflation ({@code C ← C − λ v vᵀ}), each taken as the Rayleigh quotient {@code vᵀCv}; the
 * explained variance ratios are {@code λ_k / trace(C)}.
 */
final class PowerIteration {

    private PowerIteration() {
    }

    static double totalSquares(double[][] x) {
        double[][] c = centred(x);
        double s = 0;
        for (double[] r : c) {
            for (double v : r) {
                s += v * v;
            }
        }
        return s;
    }

    static double[] varianceRatios(double[][] x, int k) {
        double[][] xc = centred(x);
        int d = xc[0].length;
        double[][] c = new double[d][d];
        for (double[] r : xc) {
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[i][j] += r[i] * r[j];
                }
            }
        }
        double trace = 0;
        for (int i = 0; i < d; i++) {
            trace += c[i][i];
        }
        double[] out = new double[k];
        for (int m = 0; m < k; m++) {
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                // a start vector with no special alignment to any eigenvector
                v[i] = 1.0 + 0.37 * Math.sin(1.3 * i + m);
            }
            normalise(v);
            double lambda = 0;
            for (int it = 0; it < 1_000_000; it++) {
                double[] w = times(c, v);
                double next = dot(v, w);
                normalise(w);
                double change = 0;
                for (int i = 0; i < d; i++) {
                    change = Math.max(change, Math.abs(w[i] - v[i]));
                }
                v = w;
                if (Math.abs(next - lambda) <= 1e-15 * Math.abs(next) && change < 1e-12) {
                    lambda = next;
                    break;
                }
                lambda = next;
            }
            out[m] = lambda / trace;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    c[i][j] -= lambda * v[i] * v[j];
                }
            }
        }
        return out;
    }

    private static double[][] centred(double[][] x) {
        int n = x.length;
        int d = x[0].length;
        double[] mean = new double[d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        double[][] c = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                c[i][j] = x[i][j] - mean[j];
            }
        }
        return c;
    }

    private static double[] times(double[][] c, double[] v) {
        double[] w = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            w[i] = dot(c[i], v);
        }
        return w;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void normalise(double[] v) {
        double n = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] /= n;
        }
    }
}
