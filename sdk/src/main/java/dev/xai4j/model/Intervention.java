package dev.xai4j.model;

import java.util.Arrays;

/**
 * A change to one capture point's value inside a pass, for methods that perturb a layer rather than
 * the input (Ablation-CAM): value ← value ⊙ keep + fill, elementwise and per image of the batch, so
 * that everything after the point computes from the changed value. The layers before the point are
 * unchanged. The point's own capture and gradient, when asked for, are those of the changed value.
 *
 * <p>The model builds a variant of its graph with the change in place on first use, once per capture
 * point (the shared pass never pays for it).
 *
 * @param point a capture point of the model ({@link ModelInfo#capturePoints()})
 * @param keep  [B, …the point's shape] multiplier
 * @param fill  [B, …the point's shape] added after the multiplication
 */
public record Intervention(String point, Tensor keep, Tensor fill) {

    public Intervention {
        if (!Arrays.equals(keep.shape(), fill.shape())) {
            throw new IllegalArgumentException("intervention at " + point + ": keep " + Arrays.toString(keep.shape())
                    + " and fill " + Arrays.toString(fill.shape()) + " differ in shape");
        }
        if (keep.rank() < 2) {
            throw new IllegalArgumentException("intervention at " + point + " needs a batch dimension and the point's shape");
        }
    }
}
