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

    /** This image's logits [C] from the shared pass. */
    float[] logits();

    /** This image's preprocessed input [3, H, W]. */
    Tensor pixels();

    /** A capture point's forward value for this image (declared in {@link Explainer#requirements}). */
    Tensor capture(String name);

    /** The gradient of the target logit w.r.t. a capture point for this image. */
    Tensor gradient(String name);

    /** A model parameter by canonical name (e.g. {@code fc.weight}); see {@code VisionModel.parameter}. */
    Tensor parameter(String name);

    /**
     * Runs an extra batched pass of the model (for methods that need several passes by nature). The
     * engine counts these passes and reports them with the explanation.
     */
    PassResult run(PassRequest request);
}
