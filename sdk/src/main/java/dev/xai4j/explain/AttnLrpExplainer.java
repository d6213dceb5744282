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
 * {@code attnlrp} (Achtibat et al., ICML 2024) and {@code cp-lrp}: layer-wise relevance propagation
 * for ViTs in Gradient×Input form. One forward and one backward pass through a variant of the graph
 * whose gradients follow the LRP rules ({@link GradientRules#ATTN_LRP}, {@link GradientRules#CP_LRP}),
 * so that relevance = activation ⊙ modified gradient:
 * <ul>
 *   <li>{@code pixels}: R(x) = Σ_c x_c ⊙ ∂̃y/∂x_c over the preprocessed input;</li>
 *   <li>{@code tokens}: Σ over hidden units of the patch-convolution output (before the CLS token and
 *       position embeddings) ⊙ its modified gradient, on the patch grid.</li>
 * </ul>
 * Signed: negative relevance speaks against the target. Conservation: Σ R(x) should be close to the
 * target logit (biases and the position embeddings absorb the rest); both are reported.
 */
final class AttnLrpExplainer implements Explainer {

    private static final String PATCHES = CapturePoints.PATCH_EMBEDDINGS;

    private final GradientRules rules;

    AttnLrpExplainer(GradientRules rules) {
        this.rules = rules;
    }

    @Override
    public String id() {
        return rules == GradientRules.CP_LRP ? "cp-lrp" : "attnlrp";
    }

    @Override
    public String description() {
        return rules == GradientRules.CP_LRP
                ? "CP-LRP: LRP for transformers with the attention weights held constant"
                : "AttnLRP: layer-wise relevance propagation through attention (Achtibat et al. 2024)";
    }

    @Override
    public String displayName() {
        return rules == GradientRules.CP_LRP ? "CP-LRP" : "AttnLRP";
    }

    @Override
    public String group() {
        return "relevance";
    }

    @Override
    public java.util.OptionalInt defaultRank() {
        return rules == GradientRules.CP_LRP ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(2);
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.choice("resolution", "pixels", List.of("pixels", "tokens"),
                "relevance of input pixels (summed over channels) or of patch tokens on the patch grid"));
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        if (!model.capabilities().supports(rules)) {
            return Optional.of("its graph variant (" + rules + ") is not supported by this model's family");
        }
        return AttentionMaps.needsClassTokenAttention(model);
    }

    @Override
    public Requirements requirements(ModelInfo model, Parameters p) {
        Set<String> points = Set.of(InputGradients.PIXELS, PATCHES);
        return new Requirements(points, points, rules);
    }

    @Override
    public Attribution explain(ExplainContext ctx, Parameters p) {
        Tensor x = ctx.pixels();
        Tensor g = ctx.gradient(InputGradients.PIXELS);
        float[] r = new float[x.data().length];
        for (int i = 0; i < r.length; i++) {
            r[i] = x.data()[i] * g.data()[i];
        }
        Tensor pixelRelevance = new Tensor(r, x.shape());
        Heatmap pixels = InputGradients.reduce(pixelRelevance, "sum");
        Map<String, Double> measures = Map.of("relevance_sum", pixels.sum(),
                "target_logit", ctx.score(ctx.logits()));
        if (p.text("resolution").equals("pixels")) {
            return new Attribution(pixels, pixelRelevance, measures);
        }
        Tensor a = ctx.capture(PATCHES);
        Tensor ga = ctx.gradient(PATCHES);
        int n = a.dim(0);
        int d = a.dim(1);
        float[] tokens = new float[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += (double) a.data()[j * d + k] * ga.data()[j * d + k];
            }
            tokens[j] = (float) s;
        }
        var t = AttentionMaps.tokens(ctx.model());
        return new Attribution(new Heatmap(tokens, t.gridHeight(), t.gridWidth()), null, measures);
    }
}
