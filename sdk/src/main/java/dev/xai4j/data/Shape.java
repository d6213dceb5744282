package dev.xai4j.data;

import java.util.Locale;

/** The object classes of the synthetic scenes; the ordinal is the class index. */
public enum Shape {
    DISC, SQUARE, TRIANGLE, STAR, CROSS, RING;

    /** The label used in checkpoints and the UI ({@code disc}, {@code square}, …). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Labels of all classes by index. */
    public static java.util.List<String> labels() {
        return java.util.Arrays.stream(values()).map(Shape::label).toList();
    }
}
