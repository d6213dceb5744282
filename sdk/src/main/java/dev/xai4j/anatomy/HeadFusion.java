package dev.xai4j.anatomy;

import java.util.Locale;

/**
 * How the H heads of one attention layer become one matrix: element by element over the heads,
 * {@code F[i,j] = mean_h A[h,i,j]}, {@code max_h A[h,i,j]} or {@code min_h A[h,i,j]}.
 * A mean-fused matrix keeps rows that sum to 1; max and min do not.
 */
public enum HeadFusion {
    MEAN,
    MAX,
    MIN;

    /** The lower-case name used in captions and APIs: {@code mean}, {@code max}, {@code min}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
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
}
