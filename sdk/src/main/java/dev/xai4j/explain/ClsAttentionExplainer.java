package dev.xai4j.explain;

import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code cls-attention}: what the CLS token attends to in one layer. With A_l ∈ [H, N, N] the
 * post-softmax attention of block l, the map is fuse_h(A_l[h, 0, patches]) on the patch grid, where
 * fuse is the mean (default), max or min over heads, or a single head. A forward-pass reading: it
 * shows where the model looked in that layer, not what drove the decision, and is the same for
 * every target class.
 */
final class ClsAttentionExplainer implements Explainer {

    @Override
    public String id() {
        return "cls-attention";
    }

    @Override
    public String description() {
        return "CLS-token attention to the patches in one layer, one head or heads fused";
    }

    @Override
    public String displayName() {
        return "CLS attention";
    }

    @Override
    public boolean classSpecific() {
        return false;
    }

    @Override
    public java.util.OptionalInt defaultRank() {
        return java.util.OptionalInt.of(1);
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.block("block", -1, "block index; negative counts from the end (-1 = last)").formerly("layer"),
                ParameterSpec.head("head", "one head's index, or -1 to fuse all heads"),
                ParameterSpec.choice("head_fusion", "mean", AttentionMaps.FUSIONS, "how heads are fused when head = -1"));
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        return AttentionMaps.needsClassTokenAttention(model);
    }

    @Override
    public Requirements requirements(ModelInfo model, Parameters p) {
        int layer = p.index("block", model.depth(), "blocks");
        int heads = AttentionMaps.heads(model);
        if (p.integer("head") >= heads) {
            throw new ParameterException("head", "parameter 'head' = " + p.integer("head") + " is out of range [-1, "
                    + (heads - 1) + "] for a model with " + heads + " heads");
        }
        return Requirements.captures(Set.of(AttentionMaps.attention(layer)));
    }

    @Override
    public Attribution explain(ExplainContext ctx, Parameters p) {
        ModelInfo m = ctx.model();
        int layer = p.index("block", m.depth(), "blocks");
        Tensor a = ctx.capture(AttentionMaps.attention(layer));
        double[] fused = AttentionMaps.fuse(a, p.text("head_fusion"), p.integer("head"));
        return Attribution.of(AttentionMaps.patchRow(fused, a.dim(1), 0, AttentionMaps.tokens(m)));
    }
}
