package dev.xai4j.explain;

/**
 * {@code grad-cam-elementwise}: map = ReLU(Σ_k max(G_k ⊙ A_k, 0)): HiResCAM with the ReLU applied to each
 * channel's contribution before the sum, so that channels cannot cancel each other
 * (pytorch-grad-cam's {@code GradCAMElementWise}).
 */
final class GradCamElementWiseExplainer extends ClassActivationExplainer {

    @Override
    public String id() {
        return "grad-cam-elementwise";
    }

    @Override
    public String description() {
        return "Grad-CAM element-wise: positive parts of activations times gradient, summed over channels";
    }

    @Override
    public String displayName() {
        return "Grad-CAM element-wise";
    }

    @Override
    boolean needsGradient() {
        return true;
    }

    @Override
    FeatureMap contributions(ExplainContext ctx, Parameters p, Evidence e) {
        return elementwise(e.activations(), e.gradients(), (g, a) -> Math.max(g * a, 0));
    }
}
