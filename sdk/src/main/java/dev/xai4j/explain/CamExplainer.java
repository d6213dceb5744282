package dev.xai4j.explain;

import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code cam} (Zhou et al. 2016): for networks that classify a global average of their last
 * feature map through one linear layer, map = Σ_k W[c, k] · A_k with W the classifier's weights and
 * c the target; no ReLU, so negative evidence shows. Since the logit is the mean of this map plus
 * the bias, it decomposes the decision exactly. Forward pass only. For a contrastive target the weights
 * are W[c, k] − W[b, k]: the map decomposes y_c − y_b.
 */
final class CamExplainer extends ClassActivationExplainer {

    @Override
    public String id() {
        return "cam";
    }

    @Override
    public String description() {
        return "CAM: last feature map weighted by the classifier's weights for the target (GAP→FC networks)";
    }

    @Override
    public String displayName() {
        return "CAM";
    }

    @Override
    public java.util.OptionalInt defaultRank() {
        return java.util.OptionalInt.of(5);
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        if (model.capabilities().pooledClassifier().isEmpty()) {
            return Optional.of("CAM needs global average pooling followed directly by a linear classifier, which this"
                    + " model does not have (use grad-cam)");
        }
        return Optional.empty();
    }

    @Override
    String activationPoint(ModelInfo model, Parameters p) {
        return model.capabilities().pooledClassifier().orElseThrow().featureMap();
    }

    @Override
    boolean needsGradient() {
        return false;
    }

    @Override
    boolean relu() {
        return false;
    }

    @Override
    boolean smoothable() {
        return false;
    }

    @Override
    FeatureMap contributions(ExplainContext ctx, Parameters p, Evidence e) {
        return weighted(e.activations(), weights(ctx));
    }

    /** W[c, ·], or W[c, ·] − W[b, ·] for a contrastive target. */
    static float[] weights(ExplainContext ctx) {
        Tensor w = ctx.parameter(ctx.model().capabilities().pooledClassifier().orElseThrow().weight());
        int k = w.dim(1);
        float[] out = Arrays.copyOfRange(w.data(), ctx.target() * k, (ctx.target() + 1) * k);
        if (ctx.contrast().isPresent()) {
            int b = ctx.contrast().getAsInt();
            for (int i = 0; i < k; i++) {
                out[i] -= w.data()[b * k + i];
            }
        }
        return out;
    }
}
