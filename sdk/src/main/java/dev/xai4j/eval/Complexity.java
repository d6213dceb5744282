package dev.xai4j.eval;

import dev.xai4j.explain.Heatmap;

import java.util.Arrays;

/**
 * How concentrated an attribution map is, from its absolute values alone (no model, no ground truth).
 * With {@code a_i = |m_i|}, {@code i = 1 … n}:
 * <ul>
 *   <li>{@link #sparseness}: the Gini index of Chalasani et al. 2020 ("Concise explanations of neural
 *       networks using adversarial training", ICML), as Quantus computes it: with {@code a} sorted
 *       ascending, {@code G = Σ_i (2i − n − 1) a_(i) / (n · Σ_i a_i)} ∈ [0, (n − 1)/n]. 0 for a constant
 *       map, {@code (n − 1)/n} for a map with one non-zero cell. Higher is sparser.</li>
 *   <li>{@link #complexity}: the entropy of Bhatt et al. 2020 ("Evaluating and aggregating
 *       feature-based model explanations", IJCAI): with {@code p_i = a_i / Σ_j a_j},
 *       {@code H = −Σ_i p_i ln p_i} ∈ [0, ln n] (natural log; {@code 0 ln 0 = 0}). {@code ln n} for a
 *       constant map, 0 for one non-zero cell. Lower is simpler.</li>
 * </ul>
 * An all-zero map has no distribution: its sparseness is 0 and its complexity {@code ln n}, the values
 * of a constant map (its limit). Maps are taken on their own grid; a map and its upsampled copy differ.
 */
public final class Complexity {

    private Complexity() {
    }

    /**
     * The Gini index of the absolute map.
     *
     * @throws IllegalArgumentException if the map contains NaN
     */
    public static double sparseness(Heatmap map) {
        double[] a = absolute(map);
        Arrays.sort(a);
        int n = a.length;
        double total = 0;
        double weighted = 0;
        for (int i = 0; i < n; i++) {
            total += a[i];
            weighted += (2.0 * (i + 1) - n - 1) * a[i];
        }
        return total > 0 ? weighted / (n * total) : 0;
    }

    /**
     * The entropy (natural log) of the normalised absolute map.
     *
     * @throws IllegalArgumentException if the map contains NaN
     */
    public static double complexity(Heatmap map) {
        double[] a = absolute(map);
        double total = 0;
        for (double v : a) {
            total += v;
        }
        if (total == 0) {
            return Math.log(a.length);
        }
        double h = 0;
        for (double v : a) {
            if (v > 0) {
                double p = v / total;
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    private static double[] absolute(Heatmap map) {
        float[] v = map.values();
        double[] a = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                throw new IllegalArgumentException("heatmap contains NaN at index " + i);
            }
            a[i] = Math.abs(v[i]);
        }
        return a;
    }
}
