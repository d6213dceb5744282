package dev.xai4j.explain;

/**
 * {@code grad-cam} (Selvaraju et al. 2017): map = ReLU(Σ_k w_k A_k) with w_k = mean over positions of
 * ∂y_c/∂A_k, the gradient of the target logit. A is any feature map the model has, by default the last
 * (a CNN: the last block's output; a transformer: the last block's first LayerNorm over the patch
 * tokens, the recipe of pytorch-grad-cam). For a contrastive target the gradient is that of y_c − y_b,
 * and so (before the ReLU) the map is the difference of the two classes' maps.
 */
final class GradCamExplainer extends ClassActivationExplainer {

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
    boolean needsGradient() {
        return true;
    }

    @Override
    FeatureMap contributions(ExplainContext ctx, Parameters p, Evidence e) {
        return weighted(e.activations(), spatialMean(e.gradients()));
    }
}
