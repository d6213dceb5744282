package dev.xai4j.image;

/**
 * Separable resampling the way PIL's {@code Image.resize} does it (the filter widened by the scale
 * when shrinking, weights normalised per output pixel, horizontal pass then vertical, each rounded
 * to 8 bits), so that preprocessing agrees with the Python pipelines the checkpoints were trained with.
 */
final class Resampler {

    private Resampler() {
    }

    static RgbImage resize(RgbImage img, int outW, int outH, Interpolation f) {
        byte[] horiz = img.width() == outW ? img.rgb() : pass(img.rgb(), img.width(), img.height(), outW, f, true);
        byte[] both = img.height() == outH ? horiz : pass(horiz, outW, img.height(), outH, f, false);
        return new RgbImage(outW, outH, both);
    }

    /** One 1-D pass along x (horizontal) or y over an interleaved RGB buffer of {@code w × h}. */
    private static byte[] pass(byte[] src, int w, int h, int outSize, Interpolation f, boolean horizontal) {
        Interpolation.Taps taps = f.taps(horizontal ? w : h, outSize);
        int[] start = taps.start();
        double[][] weights = taps.weights();
        int ow = horizontal ? outSize : w;
        int oh = horizontal ? h : outSize;
        byte[] out = new byte[3 * ow * oh];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                int o = horizontal ? x : y;
                double[] k = weights[o];
                for (int c = 0; c < 3; c++) {
                    double acc = 0;
                    for (int j = 0; j < k.length; j++) {
                        int sx = horizontal ? start[o] + j : x;
                        int sy = horizontal ? y : start[o] + j;
                        acc += k[j] * (src[3 * (sy * w + sx) + c] & 0xff);
                    }
                    long v = Math.round(acc);
                    out[3 * (y * ow + x) + c] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
        return out;
    }

    static RgbImage crop(RgbImage img, int left, int top, int w, int h) {
        byte[] out = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            System.arraycopy(img.rgb(), 3 * ((top + y) * img.width() + left), out, 3 * y * w, 3 * w);
        }
        return new RgbImage(w, h, out);
    }
}
