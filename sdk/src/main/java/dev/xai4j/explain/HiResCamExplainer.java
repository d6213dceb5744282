package dev.xai4j.explain;

/**
 * {@code hirescam} (Draelos &amp; Carin 2020): map = ReLU(Σ_k G_k ⊙ A_k), the gradient multiplied with the
 * activations position by position instead of averaged first, so that the map shows exactly the
 * positions that raise the score (pytorch-grad-cam's {@code HiResCAM}). Equal to Grad-CAM where the
 * gradient is the same at every position (a CNN whose last feature map is average-pooled into a linear
 * classifier); it differs on earlier layers and on transformers.
 */
final class HiResCamExplainer extends ClassActivationExplainer {

    @Override
    public String id() {
        return "hirescam";
    }

    @Override
    public String description() {
        return "HiResCAM: activations times their gradient at every position, summed over channels, through a ReLU";
    }

    @Override
    public String displayName() {
        return "HiResCAM";
    }

    @Override
    boolean needsGradient() {
        return true;
    }

    @Override
    FeatureMap contributions(ExplainContext ctx, Parameters p, Evidence e) {
        return elementwise(e.activations(), e.gradients(), (g, a) -> g * a);
    }
}
