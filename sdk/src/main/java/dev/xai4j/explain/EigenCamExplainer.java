package dev.xai4j.explain;

/**
 * {@code eigen-cam} (Muhammad &amp; Yeasin 2020) and {@code eigen-grad-cam}: the first principal component
 * of M over the positions, M = A (EigenCAM) or M = G ⊙ A (EigenGrad-CAM): X = M as [h·w, K] (a row per
 * position), each column minus its mean over the positions, p = X·v_1 with v_1 the first right singular
 * vector, map = ReLU(p) (pytorch-grad-cam's {@code EigenCAM}, {@code EigenGradCAM}).
 *
 * <p>The sign of v_1 is arbitrary (p sums to 0, so its sum cannot fix it) and after the ReLU the two
 * signs give unrelated maps; pytorch-grad-cam keeps whatever LAPACK returns. Here p's entry of largest
 * magnitude is positive, the rule of the library's own {@code get_2d_projection_with_sign_correction}.
 * EigenCAM takes no gradient and does not depend on the target class: it shows the layer's dominant
 * pattern, whatever the model decides.
 */
final class EigenCamExplainer extends ClassActivationExplainer {

    private final boolean gradientWeighted;

    EigenCamExplainer(boolean gradientWeighted) {
        this.gradientWeighted = gradientWeighted;
    }

    @Override
    public String id() {
        return gradientWeighted ? "eigen-grad-cam" : "eigen-cam";
    }

    @Override
    public String description() {
        return gradientWeighted
                ? "EigenGrad-CAM: first principal component of activations times gradient over the positions"
                : "EigenCAM: first principal component of the activations over the positions (class-agnostic)";
    }

    @Override
    public String displayName() {
        return gradientWeighted ? "EigenGrad-CAM" : "EigenCAM";
    }

    @Override
    public boolean classSpecific() {
        return gradientWeighted;
    }

    @Override
    boolean needsGradient() {
        return gradientWeighted;
    }

    @Override
    boolean alwaysProjected() {
        return true;
    }

    @Override
    FeatureMap contributions(ExplainContext ctx, Parameters p, Evidence e) {
        return gradientWeighted ? elementwise(e.activations(), e.gradients(), (g, a) -> g * a) : e.activations();
    }
}
