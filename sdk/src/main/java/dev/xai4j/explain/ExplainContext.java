package dev.xai4j.explain;

import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.PassResult;
import dev.xai4j.model.Tensor;

/**
 * What the engine hands an explainer for one image and one target: the model's description, the
 * shared pass's values and gradients for this image (batch dimension removed), and — for methods that
 * need passes of their own by nature, such as integrated gradients — a way to run batched passes.
 */
public interface ExplainContext {

    /** The model. */
    ModelInfo model();

    /** The class the explanation is for. */
    int target();

    /**
     * For a contrastive target ({@link Target.Contrast}), the class whose logit is subtracted: the
     * explained score is y_target − y_contrast, and {@link #gradient} is its gradient. Empty otherwise.
     */
    default java.util.OptionalInt contrast() {
        return java.util.OptionalInt.empty();
    }

    /** The explained score in a row of logits: y_target, or y_target − y_contrast for a contrastive target. */
    default double score(float[] logits) {
        return score(logits, 0);
    }

    /** The explained score in the row of {@code logits} that starts at {@code offset}. */
    default double score(float[] logits, int offset) {
        double y = logits[offset + target()];
        java.util.OptionalInt c = contrast();
        return c.isPresent() ? y - logits[offset + c.getAsInt()] : y;
    }

    /**
     * A pass over a batch of inputs with this explanation's target (and contrast) on every row, for
     * methods that run passes of their own.
     */
    default PassRequest request(Tensor pixels, java.util.Set<String> captures, java.util.Set<String> gradients) {
        int b = pixels.dim(0);
        int[] targets = new int[b];
        java.util.Arrays.fill(targets, target());
        PassRequest r = new PassRequest(pixels, captures, targets, gradients);
        java.util.OptionalInt c = contrast();
        if (c.isEmpty()) {
            return r;
        }
        int[] contrasts = new int[b];
        java.util.Arrays.fill(contrasts, c.getAsInt());
        return r.withContrasts(contrasts);
    }

    /** This image's logits [C] from the shared pass. */
    float[] logits();

    /** This image's preprocessed input [3, H, W]. */
    Tensor pixels();

    /** A capture point's forward value for this image (declared in {@link Explainer#requirements}). */
    Tensor capture(String name);

    /** The gradient of the explained score (the target logit, or {@link #score}) w.r.t. a capture point for this image. */
    Tensor gradient(String name);

    /** A model parameter by canonical name (e.g. {@code fc.weight}); see {@code VisionModel.parameter}. */
    Tensor parameter(String name);

    /**
     * Runs an extra batched pass of the model (for methods that need several passes by nature). The
     * engine counts these passes and reports them with the explanation.
     */
    PassResult run(PassRequest request);
}
