package dev.xai4j.explain;

/**
 * {@code grad-cam-plusplus} (Chattopadhyay et al. 2018), as pytorch-grad-cam's {@code GradCAMPlusPlus}
 * computes it: with G = G_kij and S_k = Σ_ij A_kij,
 * <pre>
 *   a_kij = G² / (2G² + S_k·G³ + 1e-6)   (0 where G = 0),
 *   w_k   = Σ_ij max(G_kij, 0) · a_kij,
 *   map   = ReLU(Σ_k w_k A_k).
 * </pre>
 * The higher powers stand in for the second and third derivatives under the exponential-score assumption
 * of the paper. Where A is signed (a transformer's LayerNorm output) 2 + S_k·G can come near 0 and the
 * weights are ill-conditioned: computed in double here.
 */
final class GradCamPlusPlusExplainer extends ClassActivationExplainer {

    @Override
    public String id() {
        return "grad-cam-plusplus";
    }

    @Override
    public String description() {
        return "Grad-CAM++: channel weights from positive gradients with second- and third-order terms";
    }

    @Override
    public String displayName() {
        return "Grad-CAM++";
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
            for (int i = 0; i < hw; i++) {
                sum += a.at(k, i);
            }
            double wk = 0;
            for (int i = 0; i < hw; i++) {
                double gi = g.at(k, i);
                if (gi > 0) {
                    double g2 = gi * gi;
                    wk += gi * g2 / (2 * g2 + sum * g2 * gi + 1e-6);
                }
            }
            w[k] = (float) wk;
        }
        return w;
    }
}
