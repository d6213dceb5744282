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
 *   <li>{@link #ssim}: the structural similarity of Wang et al. 2004 as scikit-image computes it by
 *       default: over every w × w window (w = 7, or the largest odd size that fits a smaller map) lying
 *       inside the map, with window means μ, sample variances σ² and covariance σ_ab (divided by
 *       w² − 1), {@code SSIM = (2 μ_a μ_b + C₁)(2 σ_ab + C₂) / ((μ_a² + μ_b² + C₁)(σ_a² + σ_b² + C₂))},
 *       {@code C₁ = (0.01 L)²}, {@code C₂ = (0.03 L)²}, L the range of both maps' values together (as
 *       Quantus passes it); the mean over the windows, in [−1, 1]. Two equal constant maps give 1.</li>
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
     * The mean structural similarity of the two maps (see the class description).
     *
     * @throws IllegalArgumentException if a map contains NaN
     */
    public static double ssim(Heatmap a, Heatmap b) {
        Heatmap[] pair = sameGrid(a, b);
        double[] x = doubles(pair[0], "a");
        double[] y = doubles(pair[1], "b");
        int h = pair[0].height();
        int w = pair[0].width();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < x.length; i++) {
            lo = Math.min(lo, Math.min(x[i], y[i]));
            hi = Math.max(hi, Math.max(x[i], y[i]));
        }
        double range = hi - lo;
        if (range == 0) {
            return 1; // both maps the same constant
        }
        int win = Math.min(7, Math.min(h, w));
        if (win % 2 == 0) {
            win--;
        }
        double c1 = Math.pow(0.01 * range, 2);
        double c2 = Math.pow(0.03 * range, 2);
        int np = win * win;
        double cov = np > 1 ? (double) np / (np - 1) : 1;
        double sum = 0;
        int windows = 0;
        for (int y0 = 0; y0 + win <= h; y0++) {
            for (int x0 = 0; x0 + win <= w; x0++) {
                double ma = 0;
                double mb = 0;
                double aa = 0;
                double bb = 0;
                double ab = 0;
                for (int dy = 0; dy < win; dy++) {
                    for (int dx = 0; dx < win; dx++) {
                        int i = (y0 + dy) * w + x0 + dx;
                        ma += x[i];
                        mb += y[i];
                        aa += x[i] * x[i];
                        bb += y[i] * y[i];
                        ab += x[i] * y[i];
                    }
                }
                ma /= np;
                mb /= np;
                double va = cov * (aa / np - ma * ma);
                double vb = cov * (bb / np - mb * mb);
                double vab = cov * (ab / np - ma * mb);
                sum += (2 * ma * mb + c1) * (2 * vab + c2) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
                windows++;
            }
        }
        return sum / windows;
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
