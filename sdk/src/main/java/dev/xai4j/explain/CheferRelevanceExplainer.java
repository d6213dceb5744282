package dev.xai4j.explain;

import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code chefer-relevance} (shown as "LRP-style relevance"): gradient-weighted attention relevance of
 * Chefer, Gur &amp; Wolf 2021 ("Generic Attention-model Explainability"). R = I; per layer in forward
 * order Ā = mean_h max(0, ∇A_l ⊙ A_l), with ∇A_l the gradient of the target logit w.r.t. the
 * post-softmax attention; R ← R + Ā · R. The map is R[CLS, patches], unnormalised. Class-specific,
 * one forward and one backward pass; it is gradient-weighted attention, not full LRP.
 */
final class CheferRelevanceExplainer implements Explainer {

    @Override
    public String id() {
        return "chefer-relevance";
    }

    @Override
    public String description() {
        return "LRP-style relevance: gradient-weighted attention propagated through the layers (Chefer et al. 2021)";
    }

    @Override
    public String displayName() {
        return "Chefer (gradient × attention)";
    }

    @Override
    public String group() {
        return "relevance";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        return AttentionMaps.needsClassTokenAttention(model);
    }

    @Override
    public Requirements requirements(ModelInfo model, Parameters p) {
        Set<String> a = new HashSet<>();
        for (int l = 0; l < model.depth(); l++) {
            a.add(AttentionMaps.attention(l));
        }
        return new Requirements(a, a);
    }

    @Override
    public Attribution explain(ExplainContext ctx, Parameters p) {
        ModelInfo m = ctx.model();
        int n = AttentionMaps.tokens(m).tokenCount();
        // R = (I + Ā_{L-1}) ⋯ (I + Ā_0), and the map is its CLS row alone: carried from the left as
        // rᵀ ← rᵀ + rᵀ·Ā_l over the layers in reverse, O(L·N²) instead of the full product's O(L·N³)
        double[] r = AttentionMaps.unitRow(n, 0);
        for (int l = m.depth() - 1; l >= 0; l--) {
            Tensor a = ctx.capture(AttentionMaps.attention(l));
            Tensor g = ctx.gradient(AttentionMaps.attention(l));
            int h = a.dim(0);
            int nn = n * n;
            double[] mean = new double[nn];
            for (int k = 0; k < h; k++) {
                for (int i = 0; i < nn; i++) {
                    double v = (double) a.data()[k * nn + i] * g.data()[k * nn + i];
                    if (v > 0) {
                        mean[i] += v;
                    }
                }
            }
            for (int i = 0; i < nn; i++) {
                mean[i] /= h;
            }
            double[] ra = AttentionMaps.rowTimes(r, mean, n);
            for (int j = 0; j < n; j++) {
                r[j] += ra[j];
            }
        }
        return Attribution.of(AttentionMaps.patchRow(r, n, 0, AttentionMaps.tokens(m)));
    }
}
