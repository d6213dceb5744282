package dev.xai4j.explain;

import dev.xai4j.model.ModelInfo;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code attention-rollout} (Abnar &amp; Zuidema 2020): attention propagated through the layers.
 * Per layer l ≥ start in forward order: F = fuse_h(A_l) (mean, max or min); the ⌊N²·r⌋ smallest
 * entries of F are set to 0 (r = discard ratio), except the CLS→CLS entry, which stays even when it
 * is among them (then one fewer entry goes); M = F + I; each ROW of M
 * is divided by its sum; R ← M · R with R₀ = I (later layers multiply on the left). The map is
 * R[CLS, patches].
 *
 * <p>vit-explain divides by {@code a.sum(dim=-1)} without keepdim, which broadcasts over columns
 * instead of rows; rows are what makes each M a mixing of token states, so rows are used here.
 */
final class AttentionRolloutExplainer implements Explainer {

    @Override
    public String id() {
        return "attention-rollout";
    }

    @Override
    public String description() {
        return "Attention rollout: head-fused attention with the residual added, multiplied through the layers";
    }

    @Override
    public String displayName() {
        return "Attention rollout";
    }

    @Override
    public boolean classSpecific() {
        return false;
    }

    @Override
    public java.util.OptionalInt defaultRank() {
        return java.util.OptionalInt.of(4);
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.choice("head_fusion", "mean", AttentionMaps.FUSIONS, "how heads are fused per layer"),
                ParameterSpec.number("discard_ratio", 0.0, 0.0, 1.0, true,
                        "share of the lowest fused attention entries set to zero per layer (CLS→CLS kept)"),
                ParameterSpec.block("start_block", 0, "first block included; negative counts from the end").formerly("start_layer"));
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        return AttentionMaps.needsClassTokenAttention(model);
    }

    @Override
    public Requirements requirements(ModelInfo model, Parameters p) {
        int depth = model.depth();
        Set<String> c = new HashSet<>();
        for (int l = p.index("start_block", depth, "blocks"); l < depth; l++) {
            c.add(AttentionMaps.attention(l));
        }
        return Requirements.captures(c);
    }

    @Override
    public Attribution explain(ExplainContext ctx, Parameters p) {
        ModelInfo m = ctx.model();
        int depth = m.depth();
        int n = AttentionMaps.tokens(m).tokenCount();
        double ratio = p.number("discard_ratio");
        // R = M_{L-1} ⋯ M_start, and the map is its CLS row alone: carried from the left as rᵀ ← rᵀ·M_l
        // over the layers in reverse, O(L·N²) instead of the full product's O(L·N³)
        double[] r = AttentionMaps.unitRow(n, 0);
        int start = p.index("start_block", depth, "blocks");
        for (int l = depth - 1; l >= start; l--) {
            double[] f = AttentionMaps.fuse(ctx.capture(AttentionMaps.attention(l)), p.text("head_fusion"), -1);
            discardSmallest(f, (int) Math.floor((double) n * n * ratio));
            for (int i = 0; i < n; i++) {
                f[i * n + i] += 1;
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += f[i * n + j];
                }
                for (int j = 0; j < n; j++) {
                    f[i * n + j] /= sum;
                }
            }
            r = AttentionMaps.rowTimes(r, f, n);
        }
        return Attribution.of(AttentionMaps.patchRow(r, n, 0, AttentionMaps.tokens(m)));
    }

    /**
     * Zeroes the {@code k} smallest entries, except flat index 0 (CLS→CLS): when that entry is among
     * the k smallest it stays and only the other k − 1 go (the rule of the reference implementations).
     */
    static void discardSmallest(double[] f, int k) {
        if (k <= 0) {
            return;
        }
        Integer[] order = new Integer[f.length];
        for (int i = 0; i < f.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(f[a], f[b]));
        for (int i = 0; i < Math.min(k, order.length); i++) {
            if (order[i] != 0) {
                f[order[i]] = 0;
            }
        }
    }
}
