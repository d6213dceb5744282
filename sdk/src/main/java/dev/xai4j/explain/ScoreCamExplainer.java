package dev.xai4j.explain;

import dev.xai4j.model.Tensor;

import java.util.List;

/**
 * {@code score-cam} (Wang et al. 2020), as pytorch-grad-cam's {@code ScoreCAM} computes it. Each channel
 * of A becomes a mask over the input: U_k = A_k upsampled to the input size S_h × S_w bilinearly with
 * aligned corners (source coordinate i·(n − 1)/(S − 1) per axis, PyTorch's {@code UpsamplingBilinear2d}),
 * M_k = (U_k − min U_k) / (max U_k − min U_k + 1e-8); the score of the masked input x ⊙ M_k (M_k on all
 * three channels of the normalised input) is s_k = y(x ⊙ M_k); w = softmax over the K channels of s;
 * map = ReLU(Σ_k w_k A_k). The softmax runs over channels, not classes, and y is the target logit (or
 * y_c − y_b for a contrastive target), as the library does with its default target.
 *
 * <p>Gradient-free, and it costs K forward passes (K = the layer's channels: 768 at ViT-B/16's last
 * norm1, 2048 at ResNet-50's layer4), run {@code batch_size} at a time; memory grows with the batch
 * size, not with K.
 */
final class ScoreCamExplainer extends ClassActivationExplainer {

    @Override
    public String id() {
        return "score-cam";
    }

    @Override
    public String description() {
        return "Score-CAM: each channel masks the input, the target's score on it weighs the channel;"
                + " K forward passes (K = the layer's channels), batched";
    }

    @Override
    public String displayName() {
        return "Score-CAM";
    }

    @Override
    public boolean singlePass() {
        return false;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return camParameters(ParameterSpec.integer("batch_size", 16, 1, 256, "masked inputs per model pass"));
    }

    @Override
    boolean needsGradient() {
        return false;
    }

    @Override
    FeatureMap contributions(ExplainContext ctx, Parameters p, Evidence e) {
        return weighted(e.activations(), softmax(scores(ctx, e, p.integer("batch_size"))));
    }

    /** s_k, the score of the input masked by each channel. */
    static double[] scores(ExplainContext ctx, Evidence e, int batchSize) {
        FeatureMap a = e.activations();
        Tensor x = e.pixels();
        int sh = x.dim(1);
        int sw = x.dim(2);
        int plane = sh * sw;
        double[][] rows = taps(a.height(), sh);
        double[][] cols = taps(a.width(), sw);
        return PerturbedScores.of(ctx, a.channels(), batchSize, k -> {
            float[] mask = mask(a, k, rows, cols, sh, sw);
            float[] v = new float[x.data().length];
            for (int i = 0; i < v.length; i++) {
                v[i] = x.data()[i] * mask[i % plane];
            }
            return v;
        });
    }

    /** softmax(s) over the channels, its maximum subtracted first. */
    static float[] softmax(double[] s) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            max = Math.max(max, v);
        }
        double sum = 0;
        double[] ex = new double[s.length];
        for (int k = 0; k < s.length; k++) {
            ex[k] = Math.exp(s[k] - max);
            sum += ex[k];
        }
        float[] w = new float[s.length];
        for (int k = 0; k < s.length; k++) {
            w[k] = (float) (ex[k] / sum);
        }
        return w;
    }

    /** M_k: channel k upsampled (aligned corners) to sh × sw, min-max scaled. */
    private static float[] mask(FeatureMap a, int k, double[][] rows, double[][] cols, int sh, int sw) {
        int w = a.width();
        // columns first, then rows: bilinear interpolation is separable
        double[] horizontal = new double[a.height() * sw];
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < sw; x++) {
                int x0 = (int) cols[x][0];
                horizontal[y * sw + x] = cols[x][2] * a.at(k, y * w + x0)
                        + cols[x][3] * a.at(k, y * w + (int) cols[x][1]);
            }
        }
        double[] up = new double[sh * sw];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int y = 0; y < sh; y++) {
            int y0 = (int) rows[y][0];
            int y1 = (int) rows[y][1];
            for (int x = 0; x < sw; x++) {
                double v = rows[y][2] * horizontal[y0 * sw + x] + rows[y][3] * horizontal[y1 * sw + x];
                up[y * sw + x] = v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        float[] out = new float[up.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((up[i] - min) / (max - min + 1e-8));
        }
        return out;
    }

    /** Per output index along one axis: {lower source, upper source, its weight, the upper's weight}, aligned corners. */
    private static double[][] taps(int in, int out) {
        double[][] t = new double[out][4];
        double scale = out > 1 ? (double) (in - 1) / (out - 1) : 0;
        for (int d = 0; d < out; d++) {
            double src = d * scale;
            int lo = Math.min((int) Math.floor(src), in - 1);
            int hi = Math.min(lo + 1, in - 1);
            double f = src - lo;
            t[d] = new double[]{lo, hi, 1 - f, f};
        }
        return t;
    }
}
