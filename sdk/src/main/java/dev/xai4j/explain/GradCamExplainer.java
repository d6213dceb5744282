package dev.xai4j.explain;

import dev.xai4j.model.ModelInfo;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code grad-cam} (Selvaraju et al. 2017): map = ReLU(Σ_k w_k A_k) with w_k = mean over positions of
 * ∂y_c/∂A_k, the gradient of the target logit. A is any feature map the model has, by default the last
 * (a CNN: the last block's output; a transformer: the last block's first LayerNorm over the patch
 * tokens, the recipe of pytorch-grad-cam).
 */
final class GradCamExplainer extends ChannelWeightedExplainer {

    @Override
    public String id() {
        return "grad-cam";
    }

    @Override
    public String description() {
        return "Grad-CAM: feature-map channels weighted by their mean gradient, through a ReLU";
    }

    @Override
    public String displayName() {
        return "Grad-CAM";
    }

    @Override
    public java.util.OptionalInt defaultRank() {
        return java.util.OptionalInt.of(3);
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.featureMap("layer", FEATURE_MAP_PARAMETER));
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        return Optional.empty();
    }

    @Override
    String activationPoint(ModelInfo m, Parameters p) {
        return featureMapParameter(m, "layer", p.text("layer"));
    }

    @Override
    boolean needsGradient() {
        return true;
    }

    @Override
    boolean relu() {
        return true;
    }

    @Override
    float[] channelWeights(ExplainContext ctx, FeatureMap activations, FeatureMap gradients) {
        return spatialMean(gradients);
    }
}
