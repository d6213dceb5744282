package dev.xai4j.render;

import dev.xai4j.explain.Heatmap;

/**
 * Resizing of a {@link Heatmap}, the way PyTorch's {@code F.interpolate(map, size, mode,
 * align_corners=False)} does it, so that maps agree with the Python tools they are compared to.
 * With {@code s = inSize / outSize} per axis and output index {@code d}:
 * <ul>
 *   <li>{@link #NEAREST}: source {@code min(⌊d·s⌋, in − 1)} (PyTorch's {@code 'nearest'}, not
 *       {@code 'nearest-exact'});</li>
 *   <li>{@link #BILINEAR}: source {@code x = max(0, (d + ½)·s − ½)}, value
 *       {@code (1 − t)·v[⌊x⌋] + t·v[min(⌊x⌋ + 1, in − 1)]}, {@code t = x − ⌊x⌋};</li>
 *   <li>{@link #BICUBIC}: source {@code x = (d + ½)·s − ½} (not clamped), value
 *       {@code Σ_{k=−1..2} W(x − (⌊x⌋ + k))·v[clamp(⌊x⌋ + k, 0, in − 1)]} with Keys' kernel, a = −0.75:
 *       {@code W(u) = (a+2)|u|³ − (a+3)|u|² + 1} for {@code |u| ≤ 1},
 *       {@code a|u|³ − 5a|u|² + 8a|u| − 4a} for {@code 1 < |u| < 2}, else 0. Edge taps repeat the
 *       border value; the result may overshoot the input's range.</li>
 * </ul>
 * Both axes are resampled separably; shrinking is not antialiased (as in PyTorch).
 */
public enum Upsampling {
    NEAREST,
    BILINEAR,
    BICUBIC;

    private static final double CUBIC_A = -0.75;

    /**
     * The map resampled to {@code height × width}.
     *
     * @throws IllegalArgumentException if {@code height} or {@code width} is not positive
     */
    public Heatmap resize(Heatmap map, int height, int width) {
        if (height <= 0) {
            throw new IllegalArgumentException("height must be ≥ 1, got " + height);
        }
        if (width <= 0) {
            throw new IllegalArgumentException("width must be ≥ 1, got " + width);
        }
        if (height == map.height() && width == map.width()) {
            // every mode is the identity at scale 1 (the cubic weights are then 0, 1, 0, 0)
            return new Heatmap(map.values().clone(), height, width);
        }
        Taps rows = taps(map.height(), height);
        Taps cols = taps(map.width(), width);
        int inW = map.width();
        float[] in = map.values();
        // horizontal pass first, in double: the fixtures were computed in float64
        double[] horizontal = new double[map.height() * width];
        for (int y = 0; y < map.height(); y++) {
            for (int x = 0; x < width; x++) {
                double acc = 0;
                for (int k = 0; k < cols.count; k++) {
                    acc += cols.weight[x][k] * in[y * inW + cols.index[x][k]];
                }
                horizontal[y * width + x] = acc;
            }
        }
        float[] out = new float[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double acc = 0;
                for (int k = 0; k < rows.count; k++) {
                    acc += rows.weight[y][k] * horizontal[rows.index[y][k] * width + x];
                }
                out[y * width + x] = (float) acc;
            }
        }
        return new Heatmap(out, height, width);
    }

    /** Source indices and weights of each output index along one axis. */
    private record Taps(int count, int[][] index, double[][] weight) {
    }

    private Taps taps(int inSize, int outSize) {
        int count = switch (this) {
            case NEAREST -> 1;
            case BILINEAR -> 2;
            case BICUBIC -> 4;
        };
        int[][] index = new int[outSize][count];
        double[][] weight = new double[outSize][count];
        double scale = (double) inSize / outSize;
        for (int d = 0; d < outSize; d++) {
            switch (this) {
                case NEAREST -> {
                    // PyTorch computes this index in float; doing the same keeps ⌊d·s⌋ identical at exact multiples
                    float s = (float) inSize / outSize;
                    index[d][0] = Math.min((int) Math.floor(d * s), inSize - 1);
                    weight[d][0] = 1;
                }
                case BILINEAR -> {
                    double x = Math.max(0, (d + 0.5) * scale - 0.5);
                    int x0 = (int) x;
                    double t = x - x0;
                    index[d][0] = x0;
                    index[d][1] = Math.min(x0 + 1, inSize - 1);
                    weight[d][0] = 1 - t;
                    weight[d][1] = t;
                }
                case BICUBIC -> {
                    double x = (d + 0.5) * scale - 0.5;
                    int x0 = (int) Math.floor(x);
                    double t = x - x0;
                    double[] w = {cubicFar(t + 1), cubicNear(t), cubicNear(1 - t), cubicFar(2 - t)};
                    for (int k = 0; k < 4; k++) {
                        index[d][k] = Math.max(0, Math.min(inSize - 1, x0 - 1 + k));
                        weight[d][k] = w[k];
                    }
                }
            }
        }
        return new Taps(count, index, weight);
    }

    /** Keys' kernel for {@code 0 ≤ u ≤ 1}. */
    private static double cubicNear(double u) {
        return ((CUBIC_A + 2) * u - (CUBIC_A + 3)) * u * u + 1;
    }

    /** Keys' kernel for {@code 1 ≤ u ≤ 2}. */
    private static double cubicFar(double u) {
        return ((CUBIC_A * u - 5 * CUBIC_A) * u + 8 * CUBIC_A) * u - 4 * CUBIC_A;
    }
}
