package dev.xai4j.model;

import org.nd4j.autodiff.samediff.SameDiff;

import java.util.Map;

/**
 * A built inference graph and the names that matter in it.
 *
 * @param sd          the graph; weights are constants, the only trainable variable is the gradient anchor
 * @param input       placeholder for the preprocessed batch [B, 3, H, W]
 * @param targetMask  placeholder [B, C]: one-hot rows selecting each image's target logit
 * @param topWeight   placeholder [B, 1]: 1 where the image's target is its own arg-max class, else 0
 * @param targetScore scalar Σ_i logits[i, c_i], the loss that gradients are taken of
 * @param captures    public capture-point name → graph variable name
 * @param parameters  canonical parameter name → where it lives in the graph, for every weight the graph was built from
 */
record Graph(SameDiff sd, String input, String targetMask, String topWeight, String targetScore, Map<String, String> captures,
             Map<String, GraphBuilder.Binding> parameters) {

    /** Placeholders of an {@link Intervention}'s multiplier and addend, in graphs built to change a capture point. */
    static final String INTERVENTION_KEEP = "intervention_keep";
    static final String INTERVENTION_FILL = "intervention_fill";
}
