package dev.xai4j.explain;

import dev.xai4j.model.Capabilities;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.TokenLayout;

import java.util.Set;

/**
 * The class-activation-map family (the shape of pytorch-grad-cam's BaseCAM): a map
 * Σ_k w_k · A_k over the channels k of a feature map A ∈ [K, h, w], optionally through a ReLU.
 * Each variant supplies only where A comes from and its channel weights w.
 *
 * <p>Where the feature map is a token tensor [N, D] (see {@link dev.xai4j.model.FeatureMap#tokens()}), the
 * prefix tokens (CLS, distillation, registers) are dropped and the patch tokens laid on their grid:
 * A ∈ [D, g_h, g_w].
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
        FeatureMap a = featureMap(ctx.model(), point, ctx.capture(point));
        FeatureMap g = needsGradient() ? featureMap(ctx.model(), point, ctx.gradient(point)) : null;
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

    /** What a feature-map parameter accepts, for listings. */
    static final String FEATURE_MAP_PARAMETER = "a block index, negative from the end (that block's feature map), or the "
            + "name of a feature-map capture point; default: the last feature map (a CNN: the last block's output; "
            + "a transformer: the last block's first LayerNorm)";

    /**
     * The feature map a parameter names: empty → the model's last; an integer → that block's, negative
     * from the end; otherwise a feature-map capture point.
     *
     * @throws ParameterException naming the range or the known feature maps
     */
    static String featureMapParameter(ModelInfo m, String parameter, String value) {
        String v = value.trim();
        Capabilities c = m.capabilities();
        if (v.isEmpty()) {
            return c.lastFeatureMap().name();
        }
        int depth = c.blocks();
        if (v.matches("-?\\d{1,9}")) {
            int l = Integer.parseInt(v);
            if (l < -depth || l >= depth) {
                throw new ParameterException(parameter, "parameter '" + parameter + "' = " + l + " is out of range ["
                        + -depth + ", " + (depth - 1) + "] for a model with " + depth + " blocks");
            }
            return c.blockFeatureMap(l).name();
        }
        return c.featureMap(v).map(dev.xai4j.model.FeatureMap::name).orElseThrow(() -> new ParameterException(parameter,
                "parameter '" + parameter + "' = '" + v + "' is neither a block index in [" + -depth + ", " + (depth - 1)
                        + "] nor a feature map of model " + m.name() + " (" + String.join(", ", c.featureMapNames()) + ")"));
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

    /** A conv feature map [K, h, w] as it is; tokens [N, D] as [D, g_h, g_w] over the patch tokens. */
    static FeatureMap featureMap(ModelInfo m, String point, Tensor t) {
        boolean tokens = m.capabilities().featureMap(point).map(dev.xai4j.model.FeatureMap::tokens)
                .orElseThrow(() -> new IllegalStateException(point + " is not a feature map of " + m.name()));
        if (!tokens) {
            if (t.rank() != 3) {
                throw new IllegalStateException("expected a [K, h, w] feature map, got rank " + t.rank());
            }
            return new FeatureMap(t.data(), t.dim(0), t.dim(1), t.dim(2));
        }
        TokenLayout tl = m.capabilities().tokens().orElseThrow();
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
