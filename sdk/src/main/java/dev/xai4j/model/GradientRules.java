package dev.xai4j.model;

/**
 * Which gradients a pass computes. {@link #STANDARD} is plain autodiff. The others build a variant of
 * the graph whose forward values are identical but whose backward pass is modified so that
 * input ⊙ gradient at a capture point equals the layer-wise relevance (LRP in Gradient×Input form).
 * Each variant is built once, on first use.
 */
public enum GradientRules {
    /** Ordinary gradients. */
    STANDARD,
    /**
     * AttnLRP (Achtibat et al. 2024), ViT: every LayerNorm holds its standard deviation constant
     * (identity rule), GELU's gradient is GELU(x)/(x + 1e-10) (identity rule), the gradients reaching
     * q and k are divided by 4 and the gradient reaching v by 2 (uniform rule on the two attention
     * matmuls); softmax, linear layers, residual sums and the patch convolution keep their gradients.
     */
    ATTN_LRP,
    /** CP-LRP, ViT: as {@link #ATTN_LRP} but no gradient flows into q and k (attention held constant), v undivided. */
    CP_LRP,
    /**
     * LRP for ResNets with the ε / z⁺ / flat composite: batch norm folded into the convolution before
     * it (canonisation); the classifier uses the ε rule (ε = 1e-6, bias included); every convolution
     * after the first uses the z⁺ rule (bias ignored); ReLU, max pool, average pool and residual sums
     * pass relevance in proportion, as their plain gradients do in Gradient×Input form. The first
     * convolution's flat rule is applied by the explainer to the relevance at its output.
     */
    EPSILON_ZPLUS_FLAT
}
