package dev.xai4j.explain;

import dev.xai4j.model.Intervention;
import dev.xai4j.model.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * {@code ablation-cam} (Desai &amp; Ramaswamy 2020), as pytorch-grad-cam's {@code AblationCAM} computes it:
 * s_k = y with channel k of the layer's output replaced by a value v (the layers before it unchanged),
 * w_k = (y − s_k) / y, map = ReLU(Σ_k w_k A_k); y is the target logit (or y_c − y_b for a contrastive
 * target). Dividing by y itself means a negative y flips every weight's sign, as in the library.
 *
 * <p>The ablated channel is replaced at every position of the layer's own output; for a token feature
 * map that is every token, CLS and other prefix tokens included (the library's {@code AblationLayerVit}).
 * The value, {@code ablation}: {@code auto} is the library's rule, v = 0 where the output's minimum m is 0
 * (a ReLU output: the paper's ablation) and v = m − 10⁷ otherwise (a LayerNorm output, where 0 is an
 * ordinary value); {@code zero} always uses 0. The library's ViT layer subtracts 10⁷·(1 + k mod 32) (its
 * minimum is re-read after each ablated copy of a batch is written); with values this large the block's
 * attention saturates and the map moves by less than 2e-6 relative, so one value serves every channel.
 * Where y = 0 the weights are undefined and set to 0.
 *
 * <p>Gradient-free, and it costs K forward passes (K = the layer's channels), {@code batch_size} at a time,
 * through a variant of the model's graph that can change the layer's value (built once per layer).
 */
final class AblationCamExplainer extends ClassActivationExplainer {

    /** What {@code auto} subtracts from a signed output's minimum (pytorch-grad-cam's {@code ABLATION_VALUE}). */
    static final double LIBRARY_OFFSET = 1e7;

    @Override
    public String id() {
        return "ablation-cam";
    }

    @Override
    public String description() {
        return "Ablation-CAM: each channel weighted by the drop of the target's score when it is ablated;"
                + " K forward passes (K = the layer's channels), batched";
    }

    @Override
    public String displayName() {
        return "Ablation-CAM";
    }

    @Override
    public boolean singlePass() {
        return false;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return camParameters(
                ParameterSpec.choice("ablation", "auto", List.of("auto", "zero"), "the value an ablated channel takes:"
                        + " auto = 0 after a ReLU, far below the minimum otherwise (pytorch-grad-cam); zero = always 0"),
                ParameterSpec.integer("batch_size", 32, 1, 256, "ablated copies per model pass"));
    }

    @Override
    boolean needsGradient() {
        return false;
    }

    @Override
    FeatureMap contributions(ExplainContext ctx, Parameters p, Evidence e) {
        String point = activationPoint(ctx.model(), p);
        double[] s = scores(ctx, e, point, p.text("ablation").equals("zero"), p.integer("batch_size"));
        return weighted(e.activations(), weights(ctx.score(e.logits()), s));
    }

    /** w_k = (y − s_k) / y; 0 where y = 0. */
    static float[] weights(double y, double[] s) {
        float[] w = new float[s.length];
        for (int k = 0; k < s.length; k++) {
            w[k] = y == 0 ? 0f : (float) ((y - s[k]) / y);
        }
        return w;
    }

    /** The value an ablated channel takes. */
    static float ablationValue(Tensor capture, boolean zero) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : capture.data()) {
            min = Math.min(min, v);
        }
        return zero || min == 0 ? 0f : (float) (min - LIBRARY_OFFSET);
    }

    /** s_k, the score with channel k of the layer's output ablated. */
    static double[] scores(ExplainContext ctx, Evidence e, String point, boolean zero, int batchSize) {
        Tensor raw = e.capture();
        boolean tokens = tokens(ctx.model(), point);
        float v = ablationValue(raw, zero);
        int channels = e.activations().channels();
        int size = raw.data().length;
        // a token map [N, D] holds channel k at k, k + D, …; a map [K, h, w] in one plane
        int stride = tokens ? raw.dim(1) : 1;
        int run = tokens ? 1 : raw.data().length / channels;
        int count = tokens ? raw.dim(0) : 1;
        float[] x = e.pixels().data();
        long[] shape = new long[raw.rank() + 1];
        System.arraycopy(raw.shape(), 0, shape, 1, raw.rank());
        return PerturbedScores.of(ctx, channels, batchSize, k -> x, (start, b) -> {
            float[] keep = new float[b * size];
            float[] fill = new float[b * size];
            Arrays.fill(keep, 1f);
            for (int j = 0; j < b; j++) {
                int k = start + j;
                for (int n = 0; n < count; n++) {
                    int off = j * size + (tokens ? n * stride + k : k * run);
                    for (int i = 0; i < run; i++) {
                        keep[off + i] = 0f;
                        fill[off + i] = v;
                    }
                }
            }
            shape[0] = b;
            return new Intervention(point, new Tensor(keep, shape.clone()), new Tensor(fill, shape.clone()));
        });
    }
}
