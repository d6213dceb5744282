package dev.xai4j.model;

import java.util.Arrays;
import java.util.Set;

/**
 * One run of a model over a batch: a forward pass, and a backward pass when gradients are asked for.
 *
 * @param pixels    the preprocessed batch [B, 3, H, W]
 * @param captures  capture points whose forward values are wanted ({@code logits} always comes back)
 * @param targets   per image, the class whose logit the gradients are of, or {@link #TOP_CLASS} for
 *                  the image's own highest-scoring class (found in the same forward pass); the backward
 *                  pass differentiates Σ_i logits[i, targets[i]]. May be null when no gradients are asked for.
 * @param gradients capture points (and {@code pixel_values}) whose gradients are wanted
 * @param rules     how the backward pass computes (plain gradients, or an LRP variant)
 */
public record PassRequest(Tensor pixels, Set<String> captures, int[] targets, Set<String> gradients,
                          GradientRules rules) {

    /** Target value meaning "this image's arg-max class". */
    public static final int TOP_CLASS = -1;

    public PassRequest {
        if (pixels.rank() != 4) {
            throw new IllegalArgumentException("pixels must be [B, 3, H, W], got " + Arrays.toString(pixels.shape()));
        }
        captures = Set.copyOf(captures);
        gradients = Set.copyOf(gradients);
        rules = rules == null ? GradientRules.STANDARD : rules;
        if (!gradients.isEmpty()) {
            if (targets == null || targets.length != pixels.dim(0)) {
                throw new IllegalArgumentException("gradients need one target per image: " + pixels.dim(0)
                        + " images, " + (targets == null ? 0 : targets.length) + " targets");
            }
            targets = targets.clone();
        }
    }

    /** A pass with plain gradients. */
    public PassRequest(Tensor pixels, Set<String> captures, int[] targets, Set<String> gradients) {
        this(pixels, captures, targets, gradients, GradientRules.STANDARD);
    }

    /** A forward pass alone. */
    public static PassRequest forward(Tensor pixels, Set<String> captures) {
        return new PassRequest(pixels, captures, null, Set.of());
    }

    /** Whether this request needs a backward pass. */
    public boolean needsBackward() {
        return !gradients.isEmpty();
    }

    /** Images in the batch. */
    public int batchSize() {
        return pixels.dim(0);
    }
}
