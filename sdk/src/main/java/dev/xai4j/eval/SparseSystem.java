package dev.xai4j.eval;

/**
 * A sparse symmetric positive (semi-)definite system {@code A x = b} in compressed-row form, solved by
 * conjugate gradients with a Jacobi (diagonal) preconditioner. Small and dependency-free: what the
 * ROAD imputation needs, whose systems are diagonally dominant graph Laplacians.
 */
final class SparseSystem {

    /** Stop when ‖r‖ ≤ this · ‖b‖: for ROAD imputation about 3·10⁻⁴ at most on any pixel, well below its noise. */
    static final double TOLERANCE = 1e-5;

    private final int n;
    private final double[] diagonal;
    private final int[] rowStart;
    private final int[] columns;
    private final double[] offDiagonal;

    /**
     * @param diagonal    A's diagonal, n values
     * @param rowStart    n + 1 offsets into {@code columns}/{@code offDiagonal}: row i's off-diagonal
     *                    entries are at [rowStart[i], rowStart[i + 1])
     * @param columns     column of each off-diagonal entry
     * @param offDiagonal value of each off-diagonal entry; A must be symmetric
     */
    SparseSystem(double[] diagonal, int[] rowStart, int[] columns, double[] offDiagonal) {
        this.n = diagonal.length;
        if (rowStart.length != n + 1 || columns.length != offDiagonal.length || rowStart[n] != columns.length) {
            throw new IllegalArgumentException("inconsistent sparse rows");
        }
        this.diagonal = diagonal;
        this.rowStart = rowStart;
        this.columns = columns;
        this.offDiagonal = offDiagonal;
    }

    int size() {
        return n;
    }

    /**
     * Solves A x = b by preconditioned conjugate gradients from {@code x} (the start, overwritten by
     * the solution).
     *
     * @return the iterations run
     * @throws IllegalStateException if the residual is still above the tolerance after {@code 10·n + 100} iterations
     */
    int solve(double[] b, double[] x) {
        return solve(new double[][]{b}, new double[][]{x});
    }

    /**
     * Solves A xₖ = bₖ for several right-hand sides at once (e.g. the colour channels of an image): one
     * conjugate-gradient recurrence per system, every matrix product done for all of them in one sweep
     * over A, with the vectors interleaved so that a row's neighbours are read once for all systems.
     *
     * @return the iterations of the slowest system
     * @throws IllegalStateException if a residual is still above the tolerance after {@code 10·n + 100} iterations
     */
    int solve(double[][] b, double[][] x) {
        int m = b.length;
        double[] r = new double[n * m];
        double[] z = new double[n * m];
        double[] p = new double[n * m];
        double[] q = new double[n * m];
        double[] xs = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                xs[i * m + k] = x[k][i];
            }
        }
        multiplyAll(xs, q, m);
        double[] stop = new double[m];
        for (int k = 0; k < m; k++) {
            double bNorm = 0;
            for (int i = 0; i < n; i++) {
                r[i * m + k] = b[k][i] - q[i * m + k];
                bNorm += b[k][i] * b[k][i];
            }
            stop[k] = TOLERANCE * Math.max(Math.sqrt(bNorm), 1e-12 / TOLERANCE);
        }
        double[] rz = preconditionAll(r, z, m);
        System.arraycopy(z, 0, p, 0, n * m);
        boolean[] done = new boolean[m];
        int max = 10 * n + 100;
        int it = 0;
        for (; it < max; it++) {
            double[] rr = dots(r, r, m);
            boolean all = true;
            for (int k = 0; k < m; k++) {
                done[k] |= Math.sqrt(rr[k]) <= stop[k];
                all &= done[k];
            }
            if (all) {
                break;
            }
            multiplyAll(p, q, m);
            double[] pq = dots(p, q, m);
            double[] alpha = new double[m];
            for (int k = 0; k < m; k++) {
                if (!done[k] && pq[k] <= 0) {
                    done[k] = true; // the residual left lies in A's null space: nothing more to solve
                }
                alpha[k] = done[k] ? 0 : rz[k] / pq[k];
            }
            for (int i = 0, j = 0; i < n; i++) {
                for (int k = 0; k < m; k++, j++) {
                    xs[j] += alpha[k] * p[j];
                    r[j] -= alpha[k] * q[j];
                }
            }
            double[] next = preconditionAll(r, z, m);
            double[] beta = new double[m];
            for (int k = 0; k < m; k++) {
                beta[k] = done[k] ? 0 : next[k] / rz[k];
            }
            rz = next;
            for (int i = 0, j = 0; i < n; i++) {
                for (int k = 0; k < m; k++, j++) {
                    p[j] = done[k] ? 0 : z[j] + beta[k] * p[j];
                }
            }
        }
        if (it == max) {
            double[] rr = dots(r, r, m);
            for (int k = 0; k < m; k++) {
                if (!done[k] && Math.sqrt(rr[k]) > stop[k]) {
                    throw new IllegalStateException("conjugate gradients did not converge in " + max
                            + " iterations (residual " + Math.sqrt(rr[k]) + ")");
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < m; k++) {
                x[k][i] = xs[i * m + k];
            }
        }
        return it;
    }

    /** y = A x for m interleaved vectors. */
    private void multiplyAll(double[] x, double[] y, int m) {
        double[] s = new double[m];
        for (int i = 0; i < n; i++) {
            int o = i * m;
            for (int k = 0; k < m; k++) {
                s[k] = diagonal[i] * x[o + k];
            }
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                double v = offDiagonal[e];
                int c = columns[e] * m;
                for (int k = 0; k < m; k++) {
                    s[k] += v * x[c + k];
                }
            }
            System.arraycopy(s, 0, y, o, m);
        }
    }

    /** z = D⁻¹ r per interleaved vector (rows with a zero diagonal pass through); returns each r · z. */
    private double[] preconditionAll(double[] r, double[] z, int m) {
        double[] s = new double[m];
        for (int i = 0, j = 0; i < n; i++) {
            double d = diagonal[i] != 0 ? diagonal[i] : 1;
            for (int k = 0; k < m; k++, j++) {
                z[j] = r[j] / d;
                s[k] += r[j] * z[j];
            }
        }
        return s;
    }

    private double[] dots(double[] a, double[] b, int m) {
        double[] s = new double[m];
        for (int i = 0, j = 0; i < n; i++) {
            for (int k = 0; k < m; k++, j++) {
                s[k] += a[j] * b[j];
            }
        }
        return s;
    }
}
