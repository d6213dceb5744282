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
 * @param contrasts per image, a class whose logit is subtracted from the target's (the backward pass then
 *                  differentiates Σ_i logits[i, targets[i]] − logits[i, contrasts[i]]: "why the target
 *                  rather than this class"), or {@link #NO_CLASS}; null for none at all
 * @param intervention a change to one capture point's value during the pass, or null
 */
public record PassRequest(Tensor pixels, Set<String> captures, int[] targets, Set<String> gradients,
                          GradientRules rules, int[] contrasts, Intervention intervention) {

    /** Target value meaning "this image's arg-max class". */
    public static final int TOP_CLASS = -1;

    /** Contrast value meaning "no class subtracted". */
    public static final int NO_CLASS = -2;

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
        if (contrasts != null) {
            if (targets == null || contrasts.length != targets.length) {
                throw new IllegalArgumentException("contrasts need one class per target: " + (targets == null ? 0
                        : targets.length) + " targets, " + contrasts.length + " contrasts");
            }
            contrasts = contrasts.clone();
        }
        if (intervention != null && intervention.keep().dim(0) != pixels.dim(0)) {
            throw new IllegalArgumentException("the intervention at " + intervention.point() + " has "
                    + intervention.keep().dim(0) + " rows for " + pixels.dim(0) + " images");
        }
    }

    /** A pass with these gradient rules, no contrast and no intervention. */
    public PassRequest(Tensor pixels, Set<String> captures, int[] targets, Set<String> gradients, GradientRules rules) {
        this(pixels, captures, targets, gradients, rules, null, null);
    }

    /** A pass with plain gradients. */
    public PassRequest(Tensor pixels, Set<String> captures, int[] targets, Set<String> gradients) {
        this(pixels, captures, targets, gradients, GradientRules.STANDARD);
    }

    /** A forward pass alone. */
    public static PassRequest forward(Tensor pixels, Set<String> captures) {
        return new PassRequest(pixels, captures, null, Set.of());
    }

    /** This request with a class subtracted from each image's target ({@link #NO_CLASS} for none). */
    public PassRequest withContrasts(int[] classes) {
        return new PassRequest(pixels, captures, targets, gradients, rules, classes, intervention);
    }

    /** This request with a capture point's value changed during the pass. */
    public PassRequest withIntervention(Intervention change) {
        return new PassRequest(pixels, captures, targets, gradients, rules, contrasts, change);
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
