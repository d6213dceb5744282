package dev.xai4j.render;

import dev.xai4j.explain.Heatmap;

import java.util.Arrays;

/**
 * How a raw {@link Heatmap} is brought into the range a {@link Colormap} reads. Every variant maps a
 * map with no spread (all zeros, or constant) to all zeros, never to NaN.
 * <ul>
 *   <li>{@link #MAX}: {@code max(v, 0) / max} into [0, 1], for non-negative maps;</li>
 *   <li>{@link #MIN_MAX}: {@code (v − min) / (max − min)} into [0, 1];</li>
 *   <li>{@link #percentile(double, double) percentile(low, high)}: clip to the {@code low}-th and
 *       {@code high}-th percentiles, then min-max into [0, 1] (robust to a few extreme cells);</li>
 *   <li>{@link #SYMMETRIC}: {@code v / max|v|} into [−1, 1], for signed maps; 0 stays 0;</li>
 *   <li>{@link #symmetricPercentile(double) symmetricPercentile(p)}: {@code clamp(v / q, −1, 1)} with
 *       {@code q} the p-th percentile of {@code |v|}, for signed maps whose few extreme cells would
 *       leave the rest near white (the convention of zennit and LXT for LRP relevance);</li>
 *   <li>{@link #AUTO}: {@code SYMMETRIC} if the map has a negative value, else {@code MAX}.</li>
 * </ul>
 */
public sealed interface Normalization {

    /** {@code max(v, 0) / max}; negative values (and maps whose max is ≤ 0) give 0. */
    Normalization MAX = new Max();
    /** {@code (v − min) / (max − min)}; a constant map gives zeros. */
    Normalization MIN_MAX = new MinMax();
    /** {@code v / max|v|}; an all-zero map gives zeros. */
    Normalization SYMMETRIC = new Symmetric();
    /** {@link #SYMMETRIC} for maps with a negative value, {@link #MAX} otherwise. */
    Normalization AUTO = new Auto();

    /**
     * Clip to percentiles, then min-max. Percentiles interpolate linearly between order statistics
     * (NumPy's default): the p-th percentile of n sorted values is at rank {@code p/100 · (n − 1)}.
     *
     * @param low  lower percentile, {@code 0 ≤ low < high}
     * @param high upper percentile, {@code low < high ≤ 100}
     * @throws IllegalArgumentException if not {@code 0 ≤ low < high ≤ 100}
     */
    static Normalization percentile(double low, double high) {
        return new Percentile(low, high);
    }

    /**
     * Symmetric around 0, clipped at a percentile of the magnitudes:
     * {@code clamp(v / q, −1, 1)} where {@code q} is the {@code percentile}-th percentile of {@code |v|}
     * (interpolated as in {@link #percentile}); where that percentile is 0 (a map that is 0 almost
     * everywhere) {@code q = max|v|}, and an all-zero map gives zeros. Colours of signed maps then
     * use the whole diverging scale instead of fading to white around a few extreme cells.
     *
     * @param percentile the percentile of {@code |v|} that maps to ±1, {@code 0 < percentile ≤ 100}
     *                   (100 is {@link #SYMMETRIC})
     * @throws IllegalArgumentException if not {@code 0 < percentile ≤ 100}
     */
    static SymmetricPercentile symmetricPercentile(double percentile) {
        return new SymmetricPercentile(percentile);
    }

    /** The normalised map, same size; values in [0, 1] (or [−1, 1] when {@link #isSigned()}). */
    Heatmap apply(Heatmap map);

    /**
     * Whether this normalisation keeps the sign: values in [−1, 1], 0 mid-scale, drawn with the
     * signed colour scale. {@link #AUTO} answers false: it is resolved per map first.
     */
    default boolean isSigned() {
        return false;
    }

    /** See {@link #MAX}. */
    record Max() implements Normalization {
        @Override
        public Heatmap apply(Heatmap map) {
            float max = map.max();
            return scaled(map, max > 0 ? 1.0 / max : 0, 0, 1);
        }
    }

    /** See {@link #MIN_MAX}. */
    record MinMax() implements Normalization {
        @Override
        public Heatmap apply(Heatmap map) {
            return stretched(map, map.min(), map.max());
        }
    }

    /** See {@link #SYMMETRIC}. */
    record Symmetric() implements Normalization {
        @Override
        public Heatmap apply(Heatmap map) {
            double m = Math.max(Math.abs(map.max()), Math.abs(map.min()));
            return scaled(map, m > 0 ? 1.0 / m : 0, -1, 1);
        }

        @Override
        public boolean isSigned() {
            return true;
        }
    }

    /**
     * See {@link #symmetricPercentile(double)}.
     *
     * @param percentile the percentile of {@code |v|} that maps to ±1, {@code 0 < percentile ≤ 100}
     */
    record SymmetricPercentile(double percentile) implements Normalization {
        public SymmetricPercentile {
            if (!(percentile > 0 && percentile <= 100)) {
                throw new IllegalArgumentException("percentile must be in (0, 100], got " + percentile);
            }
        }

        @Override
        public Heatmap apply(Heatmap map) {
            double q = limit(map);
            return scaled(map, q > 0 ? 1.0 / q : 0, -1, 1);
        }

        /**
         * The magnitude drawn as ±1: the {@link #percentile}-th percentile of {@code |v|}, or
         * {@code max|v|} where that is 0; 0 only for an all-zero map.
         */
        public double limit(Heatmap map) {
            float[] v = map.values();
            float[] sorted = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                sorted[i] = Math.abs(v[i]);
            }
            Arrays.sort(sorted);
            double q = Percentile.at(sorted, percentile);
            return q > 0 ? q : sorted[sorted.length - 1];
        }

        @Override
        public boolean isSigned() {
            return true;
        }
    }

    /** See {@link #AUTO}. */
    record Auto() implements Normalization {
        @Override
        public Heatmap apply(Heatmap map) {
            return resolve(map).apply(map);
        }

        /** The normalisation this one stands for on {@code map}. */
        public Normalization resolve(Heatmap map) {
            return map.min() < 0 ? SYMMETRIC : MAX;
        }
    }

    /**
     * See {@link #percentile(double, double)}.
     *
     * @param low  lower percentile, {@code 0 ≤ low < high}
     * @param high upper percentile, {@code low < high ≤ 100}
     */
    record Percentile(double low, double high) implements Normalization {
        public Percentile {
            if (!(low >= 0 && low < 100)) {
                throw new IllegalArgumentException("low percentile must be in [0, 100), got " + low);
            }
            if (!(high > low && high <= 100)) {
                throw new IllegalArgumentException("high percentile must be in (low = " + low + ", 100], got " + high);
            }
        }

        @Override
        public Heatmap apply(Heatmap map) {
            float[] sorted = map.values().clone();
            Arrays.sort(sorted);
            return stretched(map, at(sorted, low), at(sorted, high));
        }

        static double at(float[] sorted, double p) {
            double rank = p / 100 * (sorted.length - 1);
            int i = (int) Math.floor(rank);
            if (i >= sorted.length - 1) {
                return sorted[sorted.length - 1];
            }
            return sorted[i] + (rank - i) * ((double) sorted[i + 1] - sorted[i]);
        }
    }

    /** {@code clamp((v − lo) / (hi − lo), 0, 1)}, zeros when {@code hi ≤ lo}. */
    private static Heatmap stretched(Heatmap map, double lo, double hi) {
        float[] in = map.values();
        float[] out = new float[in.length];
        if (hi > lo) {
            for (int i = 0; i < in.length; i++) {
                out[i] = (float) Math.max(0, Math.min(1, (in[i] - lo) / (hi - lo)));
            }
        }
        return new Heatmap(out, map.height(), map.width());
    }

    /** {@code clamp(v · factor, lo, hi)}. */
    private static Heatmap scaled(Heatmap map, double factor, double lo, double hi) {
        float[] in = map.values();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            // clamping also catches float rounding just past ±1
            out[i] = (float) Math.max(lo, Math.min(hi, in[i] * factor));
        }
        return new Heatmap(out, map.height(), map.width());
    }
}
