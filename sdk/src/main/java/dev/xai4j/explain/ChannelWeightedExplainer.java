package dev.xai4j.explain;

import dev.xai4j.model.Architecture;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.TokenLayout;

import java.util.Set;

/**
 * The class-activation-map family (the shape of pytorch-grad-cam's BaseCAM): a map
 * Σ_k w_k · A_k over the channels k of a feature map A ∈ [K, h, w], optionally through a ReLU.
 * Each variant supplies only where A comes from and its channel weights w.
 *
 * <p>On a ViT the feature map is a token tensor [N, D] with the prefix tokens (CLS, distillation,
 * registers) dropped and the patch tokens laid on their grid: A ∈ [D, g_h, g_w].
 */
abstract class ChannelWeightedExplainer implements Explainer {

    /** A feature map [channels, height, width], row-major per channel. */
    record FeatureMap(float[] values, int channels, int height, int width) {
        float at(int k, int i) {
            return values[k * height * width + i];
        }
    }

    /** The capture point the activations come from. */
    abstract String activationPoint(ModelInfo model, Parameters p);

    /** Whether the channel weights need the gradient at the activation point. */
    abstract boolean needsGradient();

    /** Whether the weighted sum goes through a ReLU. */
    abstract boolean relu();

    /** The channel weights w_k. */
    abstract float[] channelWeights(ExplainContext ctx, FeatureMap activations, FeatureMap gradients);

    @Override
    public Requirements requirements(ModelInfo model, Parameters p) {
        String point = activationPoint(model, p);
        return new Requirements(Set.of(point), needsGradient() ? Set.of(point) : Set.of());
    }

    @Override
    public Attribution explain(ExplainContext ctx, Parameters p) {
        String point = activationPoint(ctx.model(), p);
        FeatureMap a = featureMap(ctx.model(), ctx.capture(point));
        FeatureMap g = needsGradient() ? featureMap(ctx.model(), ctx.gradient(point)) : null;
        float[] w = channelWeights(ctx, a, g);
        int hw = a.height() * a.width();
        float[] map = new float[hw];
        for (int k = 0; k < a.channels(); k++) {
            float wk = w[k];
            if (wk == 0) {
                continue;
            }
            for (int i = 0; i < hw; i++) {
                map[i] += wk * a.at(k, i);
            }
        }
        if (relu()) {
            for (int i = 0; i < hw; i++) {
                map[i] = Math.max(0f, map[i]);
            }
        }
        return Attribution.of(new Heatmap(map, a.height(), a.width()));
    }

    /** Mean of each channel over its spatial positions. */
    static float[] spatialMean(FeatureMap f) {
        int hw = f.height() * f.width();
        float[] w = new float[f.channels()];
        for (int k = 0; k < f.channels(); k++) {
            double s = 0;
            for (int i = 0; i < hw; i++) {
                s += f.at(k, i);
            }
            w[k] = (float) (s / hw);
        }
        return w;
    }

    /** A conv feature map [K, h, w] as it is; ViT tokens [N, D] as [D, g_h, g_w] over the patch tokens. */
    static FeatureMap featureMap(ModelInfo m, Tensor t) {
        if (m.architecture() == Architecture.RESNET) {
            if (t.rank() != 3) {
                throw new IllegalStateException("expected a [K, h, w] feature map, got rank " + t.rank());
            }
            return new FeatureMap(t.data(), t.dim(0), t.dim(1), t.dim(2));
        }
        TokenLayout tl = m.tokens();
        int d = t.dim(1);
        int p = tl.prefixTokens();
        int n = tl.patchTokens();
        float[] out = new float[d * n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d; k++) {
                out[k * n + j] = t.data()[(p + j) * d + k];
            }
        }
        return new FeatureMap(out, d, tl.gridHeight(), tl.gridWidth());
    }
}
