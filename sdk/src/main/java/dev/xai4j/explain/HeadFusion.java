package dev.xai4j.explain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How the H heads of one attention layer become one matrix: element by element over the heads,
 * {@code F[i,j] = mean_h A[h,i,j]}, {@code max_h A[h,i,j]} or {@code min_h A[h,i,j]}.
 * A mean-fused matrix keeps rows that sum to 1; max and min do not.
 *
 * <p>The one implementation of head fusion: the attention explainers and {@code dev.xai4j.anatomy}
 * both fuse through {@link #fuse(float[], int, int)} (it lives here because the anatomy package
 * depends on this one, not the other way round).
 */
public enum HeadFusion {
    MEAN,
    MAX,
    MIN;

    /** The lower-case name used in captions and APIs: {@code mean}, {@code max}, {@code min}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every fusion's {@link #label()}, in declaration order: the accepted values of a fusion parameter. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(HeadFusion::label).toList();
    }

    /**
     * The fusion named {@code text}, ignoring case.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static HeadFusion parse(String text) {
        for (HeadFusion f : values()) {
            if (f.name().equalsIgnoreCase(text.trim())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown head fusion '" + text + "'; use mean, max or min");
    }

    /**
     * Fuses the heads of one layer's attention, {@code attention} holding {@code A[h,i,j]} heads first
     * ({@code [H, N, N]} row-major, at least {@code heads · n²} values), into {@code F[i·n + j]}.
     * Sums, maxima and minima are taken in double, head 0 first, and the mean divides once at the end.
     */
    public double[] fuse(float[] attention, int heads, int n) {
        int nn = n * n;
        double[] out = new double[nn];
        for (int i = 0; i < nn; i++) {
            double m = attention[i];
            for (int h = 1; h < heads; h++) {
                double v = attention[h * nn + i];
                m = switch (this) {
                    case MEAN -> m + v;
                    case MAX -> Math.max(m, v);
                    case MIN -> Math.min(m, v);
                };
            }
            out[i] = this == MEAN ? m / heads : m;
        }
        return out;
    }
}
