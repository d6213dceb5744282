package dev.xai4j.explain;

/**
 * {@code layer-cam} (Jiang et al. 2021): map = ReLU(Σ_k max(G_k, 0) ⊙ A_k): each position weighted by its
 * own positive gradient (pytorch-grad-cam's {@code LayerCAM}). Made for earlier, higher-resolution layers,
 * where Grad-CAM's averaged weights blur.
 */
final class LayerCamExplainer extends ClassActivationExplainer {

    @Override
    public String id() {
        return "layer-cam";
    }

    @Override
    public String description() {
        return "LayerCAM: activations weighted by their positive gradient at every position, summed over channels";
    }

    @Override
    public String displayName() {
        return "LayerCAM";
    }

    @Override
    boolean needsGradient() {
        return true;
    }

    @Override
    FeatureMap contributions(ExplainContext ctx, Parameters p, Evidence e) {
        return elementwise(e.activations(), e.gradients(), (g, a) -> Math.max(g, 0) * a);
    }
}
