package dev.xai4j.anatomy;

import java.util.Arrays;
import java.util.List;

/**
 * n vectors (rows of X, n × D) projected on their first two principal components.
 *
 * <p>With the centred matrix {@code X_c = X − 1·μᵀ} (μ the mean row) and its thin SVD
 * {@code X_c = U Σ Vᵀ} (singular values σ_1 ≥ σ_2 ≥ …), point i is
 * {@code (x_i, y_i) = (U[i,1]·σ_1, U[i,2]·σ_2) = (X_c v_1, X_c v_2)[i]} and the explained variance
 * ratio of component k is {@code σ_k² / Σ_m σ_m² = λ_k / trace(Cov(X))} (σ_k² are computed as the
 * eigenvalues of {@code X_c X_cᵀ} or {@code X_cᵀ X_c}, whichever is smaller). Each component's sign is
 * fixed so that its coordinate of largest magnitude is positive (scikit-learn's {@code svd_flip}
 * convention), which makes the figure deterministic. Components that do not exist (n &lt; 3, D &lt; 2,
 * or a rank below 2) have zero coordinates and ratio 0.
 *
 * Arrays are shared, not copied: treat them as read-only.
 *
 * @param labels         one label per point
 * @param x              coordinate on the first component, per point
 * @param y              coordinate on the second component, per point
 * @param varianceRatio  explained variance ratio of the two components, {@code [r_1, r_2]}
 */
public record PcaProjection(List<String> labels, double[] x, double[] y, double[] varianceRatio) {

    public PcaProjection {
        labels = List.copyOf(labels);
        if (x.length != labels.size() || y.length != labels.size() || varianceRatio.length != 2) {
            throw new IllegalArgumentException("PCA projection needs one (x, y) per label and two ratios");
        }
    }

    /** Number of points n. */
    public int size() {
        return x.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcaProjection p && labels.equals(p.labels) && Arrays.equals(x, p.x)
                && Arrays.equals(y, p.y) && Arrays.equals(varianceRatio, p.varianceRatio);
    }

    @Override
    public int hashCode() {
        return (labels.hashCode() * 31 + Arrays.hashCode(x)) * 31 + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return "PcaProjection[" + size() + " points, variance ratios " + Arrays.toString(varianceRatio) + "]";
    }
}
