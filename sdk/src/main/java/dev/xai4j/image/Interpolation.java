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

    /**
     * Per output index, the input indices and weights of a 1-D resize from {@code inSize} to
     * {@code outSize} samples, PIL's rule: centre c = scale·(o + 0.5) with scale = in/out, the kernel
     * widened by max(scale, 1) (antialiasing when shrinking), inputs ⌊c − s + 0.5⌋ … ⌊c + s + 0.5⌋ − 1
     * clipped to the input (s = support · max(scale, 1)), weights K((j − c + 0.5)/max(scale, 1))
     * divided by their sum.
     */
    Taps taps(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double s = support * filterScale;
        int[] start = new int[outSize];
        double[][] weights = new double[outSize][];
        for (int o = 0; o < outSize; o++) {
            double center = (o + 0.5) * scale;
            int min = Math.max(0, (int) Math.floor(center - s + 0.5));
            int max = Math.min(inSize, (int) Math.floor(center + s + 0.5));
            double[] k = new double[Math.max(0, max - min)];
            double sum = 0;
            for (int j = 0; j < k.length; j++) {
                k[j] = kernel((j + min - center + 0.5) / filterScale);
                sum += k[j];
            }
            if (sum != 0) {
                for (int j = 0; j < k.length; j++) {
                    k[j] /= sum;
                }
            }
            start[o] = min;
            weights[o] = k;
        }
        return new Taps(start, weights);
    }

    /** The inputs of each output of a 1-D resize: output o = Σ_j weights[o][j] · input[start[o] + j]. */
    record Taps(int[] start, double[][] weights) {
    }

    /**
     * Resizes {@code channels} planes [channels, inHeight, inWidth] (row-major) to
     * [channels, outHeight, outWidth] with this filter, by {@link #taps PIL's rule}, columns then rows,
     * in double precision. For bilinear and bicubic this is also PyTorch's
     * {@code F.interpolate(mode, antialias=True, align_corners=False)} (Keys' cubic with a = −0.5), which
     * timm uses to resample position embeddings.
     */
    public double[] resize(double[] planes, int channels, int inHeight, int inWidth, int outHeight, int outWidth) {
        if (planes.length != channels * inHeight * inWidth) {
            throw new IllegalArgumentException(planes.length + " values are not " + channels + " planes of "
                    + inHeight + "×" + inWidth);
        }
        Taps cols = taps(inWidth, outWidth);
        Taps rows = taps(inHeight, outHeight);
        double[] wide = new double[channels * inHeight * outWidth];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < inHeight; y++) {
                int in = (c * inHeight + y) * inWidth;
                int out = (c * inHeight + y) * outWidth;
                for (int x = 0; x < outWidth; x++) {
                    double[] k = cols.weights()[x];
                    double acc = 0;
                    for (int j = 0; j < k.length; j++) {
                        acc += k[j] * planes[in + cols.start()[x] + j];
                    }
                    wide[out + x] = acc;
                }
            }
        }
        double[] out = new double[channels * outHeight * outWidth];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < outHeight; y++) {
                double[] k = rows.weights()[y];
                for (int x = 0; x < outWidth; x++) {
                    double acc = 0;
                    for (int j = 0; j < k.length; j++) {
                        acc += k[j] * wide[(c * inHeight + rows.start()[y] + j) * outWidth + x];
                    }
                    out[(c * outHeight + y) * outWidth + x] = acc;
                }
            }
        }
        return out;
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
