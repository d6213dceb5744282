package dev.xai4j.explain;

import dev.xai4j.model.Architecture;
import dev.xai4j.model.ModelInfo;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code grad-cam} (Selvaraju et al. 2017): map = ReLU(Σ_k w_k A_k) with w_k = mean over positions of
 * ∂y_c/∂A_k, the gradient of the target logit. On a CNN A is a feature map, by default the last
 * block's output; on a ViT A is the output of a block's first LayerNorm (default: the last block)
 * over the patch tokens, the recipe of pytorch-grad-cam.
 */
final class GradCamExplainer extends ChannelWeightedExplainer {

    /** CNN capture points that are not spatial feature maps. */
    private static final Set<String> NOT_FEATURE_MAPS = Set.of("pixel_values", "logits", "pooled");

    @Override
    public String id() {
        return "grad-cam";
    }

    @Override
    public String description() {
        return "Grad-CAM: feature-map channels weighted by their mean gradient, through a ReLU";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.text("layer", "",
                "CNN: a feature-map capture point (default 'features', the last block's output); "
                        + "ViT: a block index, negative from the end (default -1: the last block's first LayerNorm)"));
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        return Optional.empty();
    }

    @Override
    String activationPoint(ModelInfo m, Parameters p) {
        String layer = p.text("layer").trim();
        if (m.architecture() == Architecture.VIT) {
            int depth = m.vit().depth();
            int l;
            try {
                l = layer.isEmpty() ? -1 : Integer.parseInt(layer);
            } catch (NumberFormatException e) {
                throw new ParameterException("layer", "parameter 'layer' of grad-cam on a ViT is a block index in [" + -depth
                        + ", " + (depth - 1) + "], got '" + layer + "'");
            }
            if (l < -depth || l >= depth) {
                throw new ParameterException("layer", "parameter 'layer' = " + l + " is out of range [" + -depth + ", "
                        + (depth - 1) + "] for a model with " + depth + " blocks");
            }
            return "blocks." + (l < 0 ? depth + l : l) + ".norm1";
        }
        String point = layer.isEmpty() ? "features" : layer;
        if (!m.capturePoints().contains(point) || NOT_FEATURE_MAPS.contains(point)) {
            throw new ParameterException("layer", "parameter 'layer' = '" + point + "' is not a feature map of model "
                    + m.name() + "; use one of " + m.capturePoints().stream().filter(c -> !NOT_FEATURE_MAPS.contains(c)).toList());
        }
        return point;
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
