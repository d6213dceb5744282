package dev.xai4j.eval;

import dev.xai4j.explain.Heatmap;
import dev.xai4j.render.Upsampling;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How far two explanations of the same input agree. Maps of different sizes are compared on the
 * finer grid: the map with fewer cells is first resized bilinearly ({@link Upsampling#BILINEAR},
 * PyTorch's {@code align_corners=False}) to the other's height × width ({@code b} is resized when
 * both have as many cells).
 * <ul>
 *   <li>{@link #spearman}: Spearman's ρ over all cells, the Pearson correlation of the ranks, ties
 *       given their average rank: {@code ρ = cov(rank a, rank b) / (σ_rank a · σ_rank b)} ∈ [−1, 1].
 *       A constant map has no rank order; ρ is then defined as 0 (not NaN, so results stay valid JSON).</li>
 *   <li>{@link #topFractionIou}: with {@code k = max(1, round(n · fraction))}, A and B the k cells of
 *       highest value of each map (ties broken by lower row-major index),
 *       {@code IoU = |A ∩ B| / |A ∪ B|} ∈ [0, 1].</li>
 * </ul>
 */
public final class Agreement {

    private Agreement() {
    }

    /**
     * Spearman's rank correlation of the two maps' cells; 0 if either map is constant.
     *
     * @throws IllegalArgumentException if a map contains NaN
     */
    public static double spearman(Heatmap a, Heatmap b) {
        Heatmap[] pair = sameGrid(a, b);
        double[] x = doubles(pair[0], "a");
        double[] y = doubles(pair[1], "b");
        if (x.length < 2 || constant(x) || constant(y)) {
            return 0;
        }
        return new SpearmansCorrelation().correlation(x, y);
    }

    /**
     * IoU of the top {@code fraction} of cells of each map.
     *
     * @param fraction share of cells kept, {@code 0 < fraction ≤ 1} (0.1 = the top 10 %)
     * @throws IllegalArgumentException if {@code fraction} is outside (0, 1] or a map contains NaN
     */
    public static double topFractionIou(Heatmap a, Heatmap b, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        Heatmap[] pair = sameGrid(a, b);
        double[] x = doubles(pair[0], "a");
        double[] y = doubles(pair[1], "b");
        int k = (int) Math.max(1, Math.round(x.length * fraction));
        boolean[] inA = top(x, k);
        boolean[] inB = top(y, k);
        int both = 0;
        for (int i = 0; i < x.length; i++) {
            if (inA[i] && inB[i]) {
                both++;
            }
        }
        return (double) both / (2 * k - both);
    }

    /**
     * Spearman's ρ of every pair: symmetric, 1 on the diagonal (also for a constant map), entry
     * {@code [i][j] = spearman(maps[i], maps[j])}.
     */
    public static double[][] spearmanMatrix(List<Heatmap> maps) {
        int n = maps.size();
        double[][] rho = new double[n][n];
        for (int i = 0; i < n; i++) {
            rho[i][i] = 1;
            for (int j = i + 1; j < n; j++) {
                rho[i][j] = spearman(maps.get(i), maps.get(j));
                rho[j][i] = rho[i][j];
            }
        }
        return rho;
    }

    /** The two maps on one grid: the one with fewer cells resized bilinearly to the other's size. */
    private static Heatmap[] sameGrid(Heatmap a, Heatmap b) {
        if (a.height() == b.height() && a.width() == b.width()) {
            return new Heatmap[]{a, b};
        }
        if (a.values().length > b.values().length) {
            return new Heatmap[]{a, Upsampling.BILINEAR.resize(b, a.height(), a.width())};
        }
        if (b.values().length > a.values().length) {
            return new Heatmap[]{Upsampling.BILINEAR.resize(a, b.height(), b.width()), b};
        }
        return new Heatmap[]{a, Upsampling.BILINEAR.resize(b, a.height(), a.width())};
    }

    private static double[] doubles(Heatmap map, String name) {
        float[] v = map.values();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                throw new IllegalArgumentException("heatmap " + name + " contains NaN at index " + i);
            }
            out[i] = v[i];
        }
        return out;
    }

    private static boolean constant(double[] v) {
        for (double x : v) {
            if (x != v[0]) {
                return false;
            }
        }
        return true;
    }

    /** Membership of the k largest values; a stable sort breaks ties by index. */
    private static boolean[] top(double[] v, int k) {
        Integer[] order = IntStream.range(0, v.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> v[i]).reversed());
        boolean[] in = new boolean[v.length];
        for (int i = 0; i < k; i++) {
            in[order[i]] = true;
        }
        return in;
    }
}
