package dev.xai4j.explain;

import java.util.Arrays;

/**
 * A 2-D attribution map: {@code height × width} floats, row-major ({@code values[y·width + x]}), on
 * the model's patch grid, its feature-map grid, or the input's pixel grid. Values are raw (not
 * normalised) and may be signed.
 *
 * @param values {@code height·width} values; treat as read-only
 * @param height rows
 * @param width  columns
 */
public record Heatmap(float[] values, int height, int width) {

    public Heatmap {
        if (height <= 0 || width <= 0 || (long) height * width != values.length) {
            throw new IllegalArgumentException("heatmap " + height + "x" + width + " needs " + (long) height * width
                    + " values, got " + values.length);
        }
    }

    /** The value at row y, column x. */
    public float get(int y, int x) {
        return values[y * width + x];
    }

    /** The largest value. */
    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** The smallest value. */
    public float min() {
        float m = Float.POSITIVE_INFINITY;
        for (float v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** The sum of all values. */
    public double sum() {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }

    /** Row and column of the largest value (the first one, row-major, on ties). */
    public int[] argmax() {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return new int[]{best / width, best % width};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Heatmap h && height == h.height && width == h.width && Arrays.equals(values, h.values);
    }

    @Override
    public int hashCode() {
        return (height * 31 + width) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Heatmap[" + height + "x" + width + ", min " + min() + ", max " + max() + "]";
    }
}
