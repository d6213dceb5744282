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

    /** y = A x. */
    void multiply(double[] x, double[] y) {
        for (int i = 0; i < n; i++) {
            double s = diagonal[i] * x[i];
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                s += offDiagonal[k] * x[columns[k]];
            }
            y[i] = s;
        }
    }

    /**
     * Solves A x = b by preconditioned conjugate gradients from {@code x} (the start, overwritten by
     * the solution).
     *
     * @return the iterations run
     * @throws IllegalStateException if the residual is still above the tolerance after {@code 10·n + 100} iterations
     */
    int solve(double[] b, double[] x) {
        double[] r = new double[n];
        double[] z = new double[n];
        double[] p = new double[n];
        double[] q = new double[n];
        multiply(x, q);
        double bNorm = 0;
        for (int i = 0; i < n; i++) {
            r[i] = b[i] - q[i];
            bNorm += b[i] * b[i];
        }
        double stop = TOLERANCE * Math.max(Math.sqrt(bNorm), 1e-12 / TOLERANCE);
        double rz = precondition(r, z);
        System.arraycopy(z, 0, p, 0, n);
        int max = 10 * n + 100;
        for (int it = 0; it < max; it++) {
            if (norm(r) <= stop) {
                return it;
            }
            multiply(p, q);
            double pq = dot(p, q);
            if (pq <= 0) {
                return it; // the residual left lies in A's null space: nothing more to solve
            }
            double alpha = rz / pq;
            for (int i = 0; i < n; i++) {
                x[i] += alpha * p[i];
                r[i] -= alpha * q[i];
            }
            double next = precondition(r, z);
            double beta = next / rz;
            rz = next;
            for (int i = 0; i < n; i++) {
                p[i] = z[i] + beta * p[i];
            }
        }
        if (norm(r) <= stop) {
            return max;
        }
        throw new IllegalStateException("conjugate gradients did not converge in " + max + " iterations (residual "
                + norm(r) + ")");
    }

    /** z = D⁻¹ r (rows with a zero diagonal pass through); returns r · z. */
    private double precondition(double[] r, double[] z) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            z[i] = diagonal[i] != 0 ? r[i] / diagonal[i] : r[i];
            s += r[i] * z[i];
        }
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
