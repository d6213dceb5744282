package dev.xai4j.image;

/** Resampling filters, with PIL's kernels (used by the Hugging Face and timm preprocessors). */
public enum Interpolation {
    /** Nearest neighbour (box kernel, support 0.5). */
    NEAREST(0.5),
    /** Triangle kernel, support 1; antialiased when shrinking. */
    BILINEAR(1.0),
    /** Keys cubic with a = −0.5 (PIL), support 2; antialiased when shrinking. */
    BICUBIC(2.0);

    final double support;

    Interpolation(double support) {
        this.support = support;
    }

    double kernel(double x) {
        x = Math.abs(x);
        return switch (this) {
            case NEAREST -> x < 0.5 ? 1 : 0;
            case BILINEAR -> x < 1 ? 1 - x : 0;
            case BICUBIC -> {
                double a = -0.5;
                if (x < 1) {
                    yield ((a + 2) * x - (a + 3)) * x * x + 1;
                } else if (x < 2) {
                    yield (((x - 5) * x + 8) * x - 4) * a;
                }
                yield 0;
            }
        };
    }

    /** Parses PIL's resample codes (0 nearest, 2 bilinear, 3 bicubic) as Hugging Face configs give them. */
    public static Interpolation fromPilCode(int code) {
        return switch (code) {
            case 0 -> NEAREST;
            case 3 -> BICUBIC;
            default -> BILINEAR;
        };
    }

    /** Parses a timm/torchvision name ({@code bilinear}, {@code bicubic}, {@code nearest}). */
    public static Interpolation fromName(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "nearest" -> NEAREST;
            case "bicubic" -> BICUBIC;
            default -> BILINEAR;
        };
    }
}
