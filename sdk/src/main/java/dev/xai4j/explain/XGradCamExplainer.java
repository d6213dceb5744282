package dev.xai4j.explain;

/**
 * {@code xgrad-cam} (Fu et al. 2020, "Axiom-based Grad-CAM"): w_k = Σ_ij G_kij A_kij / (Σ_ij A_kij + 1e-7),
 * map = ReLU(Σ_k w_k A_k) (pytorch-grad-cam's {@code XGradCAM}): the gradient averaged with the activations
 * as weights rather than uniformly, which makes the map satisfy the paper's sensitivity and conservation
 * axioms for ReLU networks.
 */
final class XGradCamExplainer extends ClassActivationExplainer {

    @Override
    public String id() {
        return "xgrad-cam";
    }

    @Override
    public String description() {
        return "XGrad-CAM: channel weights are the activation-weighted mean of the gradient";
    }

    @Override
    public String displayName() {
        return "XGrad-CAM";
    }

    @Override
    boolean needsGradient() {
        return true;
    }

    @Override
    FeatureMap contributions(ExplainContext ctx, Parameters p, Evidence e) {
        return weighted(e.activations(), weights(e.activations(), e.gradients()));
    }

    /** The channel weights w_k. */
    static float[] weights(FeatureMap a, FeatureMap g) {
        int hw = a.positions();
        float[] w = new float[a.channels()];
        for (int k = 0; k < a.channels(); k++) {
            double sum = 0;
            double dot = 0;
            for (int i = 0; i < hw; i++) {
                sum += a.at(k, i);
                dot += (double) g.at(k, i) * a.at(k, i);
            }
            w[k] = (float) (dot / (sum + 1e-7));
        }
        return w;
    }
}
