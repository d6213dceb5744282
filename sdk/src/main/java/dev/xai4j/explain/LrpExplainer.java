package dev.xai4j.explain;

import dev.xai4j.model.CapturePoints;
import dev.xai4j.model.GradientRules;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code lrp} for ResNets: layer-wise relevance propagation with the ε / z⁺ / flat composite
 * (batch norm folded into the convolutions, ε on the classifier, z⁺ on every later convolution,
 * flat on the stem convolution). One forward and one backward pass through the graph variant
 * {@link GradientRules#EPSILON_ZPLUS_FLAT}; relevance at a layer is activation ⊙ modified gradient.
 * <ul>
 *   <li>{@code features}: Σ over channels of the last block's output ⊙ its gradient;</li>
 *   <li>{@code input}: the relevance at the stem convolution's output, R_o = z_o ⊙ ∂̃y/∂z_o summed over
 *       channels, spread evenly over each output's receptive field (the flat rule: the non-padding
 *       input positions of the 7 × 7 window share R_o equally; all channels alike).</li>
 * </ul>
 * Conservation: Σ R(input) is close to the target logit; the classifier's bias and the outputs whose
 * positive pre-activation is zero absorb the rest. Both are reported.
 */
final class LrpExplainer implements Explainer {

    @Override
    public String id() {
        return "lrp";
    }

    @Override
    public String description() {
        return "LRP for CNNs: ε / z⁺ / flat composite with batch norm folded";
    }

    @Override
    public String displayName() {
        return "LRP (ε / z⁺ / flat)";
    }

    @Override
    public String group() {
        return "relevance";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.choice("resolution", "pixels", List.of("pixels", "features"),
                "relevance of the input pixels, or of the last feature map").formerly("layer").formerly(Map.of("input", "pixels")));
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        return model.capabilities().supports(GradientRules.EPSILON_ZPLUS_FLAT) ? Optional.empty()
                : Optional.of("this composite's graph variant is not supported by this model's family (on a transformer use attnlrp or cp-lrp)");
    }

    @Override
    public Requirements requirements(ModelInfo model, Parameters p) {
        Set<String> points = Set.of(CapturePoints.STEM_CONV, CapturePoints.FEATURES);
        return new Requirements(points, points, GradientRules.EPSILON_ZPLUS_FLAT);
    }

    @Override
    public Attribution explain(ExplainContext ctx, Parameters p) {
        Heatmap stem = channelRelevance(ctx.capture(CapturePoints.STEM_CONV), ctx.gradient(CapturePoints.STEM_CONV));
        Heatmap input = flat(stem, ctx.model().inputHeight(), ctx.model().inputWidth(), 7, 2, 3);
        Map<String, Double> measures = Map.of("relevance_sum", input.sum(),
                "target_logit", ctx.score(ctx.logits()));
        if (p.text("resolution").equals("features")) {
            return new Attribution(channelRelevance(ctx.capture(CapturePoints.FEATURES), ctx.gradient(CapturePoints.FEATURES)), null, measures);
        }
        return new Attribution(input, null, measures);
    }

    /** Σ_k A_k ⊙ G_k over the channels of a [K, h, w] activation and its gradient. */
    static Heatmap channelRelevance(Tensor a, Tensor g) {
        int k = a.dim(0);
        int hw = a.dim(1) * a.dim(2);
        float[] out = new float[hw];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < hw; i++) {
                out[i] += a.data()[c * hw + i] * g.data()[c * hw + i];
            }
        }
        return new Heatmap(out, a.dim(1), a.dim(2));
    }

    /**
     * The flat rule through a k × k, stride s, padding p convolution: each output's relevance is split
     * evenly over the in-image positions of its window (channels share alike, so the channel sum
     * of an input position receives R_o / count_o).
     */
    static Heatmap flat(Heatmap out, int inH, int inW, int k, int s, int pad) {
        float[] in = new float[inH * inW];
        for (int oy = 0; oy < out.height(); oy++) {
            int y0 = Math.max(0, oy * s - pad);
            int y1 = Math.min(inH, oy * s - pad + k);
            for (int ox = 0; ox < out.width(); ox++) {
                int x0 = Math.max(0, ox * s - pad);
                int x1 = Math.min(inW, ox * s - pad + k);
                float share = out.get(oy, ox) / ((y1 - y0) * (x1 - x0));
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        in[y * inW + x] += share;
                    }
                }
            }
        }
        return new Heatmap(in, inH, inW);
    }
}
