package dev.xai4j.eval;

import dev.xai4j.explain.Heatmap;

import java.util.Arrays;

/** Orders of map cells shared by the metrics, with one tie rule everywhere. */
final class Ranking {

    private Ranking() {
    }

    /**
     * Cell indices from the highest value to the lowest; equal values keep row-major order (lower
     * index first), the same rule as {@link Agreement}. Sorting packed primitive keys instead of boxed
     * indices keeps this cheap on 224 × 224 maps, which are ranked once per image and method.
     *
     * @throws IllegalArgumentException if the map contains NaN
     */
    static int[] descending(Heatmap map) {
        float[] v = map.values();
        long[] keys = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                throw new IllegalArgumentException("heatmap contains NaN at index " + i);
            }
            // + 0f folds −0 into +0 so that the two zeros tie; the bit trick maps floats to ints in order
            int bits = Float.floatToIntBits(v[i] + 0f);
            int ordered = bits < 0 ? bits ^ 0x7fffffff : bits;
            // high word: the order reversed (largest first); low word: the index (lower first on ties)
            keys[i] = (long) ~ordered << 32 | i;
        }
        Arrays.sort(keys);
        int[] order = new int[v.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }
}
