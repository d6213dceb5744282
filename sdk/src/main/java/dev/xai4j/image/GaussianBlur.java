package dev.xai4j.image;

import dev.xai4j.model.Tensor;

/**
 * Separable Gaussian blur of a [C, H, W] tensor: kernel exp(−i²/2σ²) normalised to sum 1, radius
 * ⌈3σ⌉, edges replicated. Used for blurred baselines (integrated gradients) and for the deletion and
 * insertion metrics' "removed" pixels.
 */
public final class GaussianBlur {

    private GaussianBlur() {
    }

    /** The blurred copy of {@code chw} with standard deviation {@code sigma} pixels. */
    public static Tensor apply(Tensor chw, double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("blur sigma must be positive, got " + sigma);
        }
        int c = chw.dim(0);
        int h = chw.dim(1);
        int w = chw.dim(2);
        int r = (int) Math.ceil(3 * sigma);
        double[] k = new double[2 * r + 1];
        double s = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
            s += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= s;
        }
        float[] src = chw.data();
        float[] tmp = new float[src.length];
        float[] out = new float[src.length];
        for (int ch = 0; ch < c; ch++) {
            int o = ch * h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double acc = 0;
                    for (int i = -r; i <= r; i++) {
                        acc += k[i + r] * src[o + y * w + Math.min(w - 1, Math.max(0, x + i))];
                    }
                    tmp[o + y * w + x] = (float) acc;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double acc = 0;
                    for (int i = -r; i <= r; i++) {
                        acc += k[i + r] * tmp[o + Math.min(h - 1, Math.max(0, y + i)) * w + x];
                    }
                    out[o + y * w + x] = (float) acc;
                }
            }
        }
        return new Tensor(out, chw.shape());
    }
}
