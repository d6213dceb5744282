package dev.xai4j.model;

import java.util.Map;

/**
 * What one {@link PassRequest} produced. Every tensor keeps the batch as its first dimension.
 *
 * @param logits     [B, C]
 * @param captures   capture point → forward value
 * @param gradients  capture point → ∂(Σ_i logits[i, targets[i]])/∂value, same shape as the value
 * @param targets    the class each image's gradients are of ({@link PassRequest#TOP_CLASS} resolved);
 *                   null when no backward pass ran
 * @param nanos      wall time of the run (forward and backward together when both ran)
 */
public record PassResult(Tensor logits, Map<String, Tensor> captures, Map<String, Tensor> gradients, int[] targets,
                         long nanos) {

    public PassResult {
        captures = Map.copyOf(captures);
        gradients = Map.copyOf(gradients);
    }

    /** A captured value, or an error naming what was captured. */
    public Tensor capture(String name) {
        Tensor t = captures.get(name);
        if (t == null) {
            throw new IllegalArgumentException("capture point '" + name + "' was not requested; requested: " + captures.keySet());
        }
        return t;
    }

    /** A gradient, or an error naming which gradients were computed. */
    public Tensor gradient(String name) {
        Tensor t = gradients.get(name);
        if (t == null) {
            throw new IllegalArgumentException("gradient of '" + name + "' was not requested; requested: " + gradients.keySet());
        }
        return t;
    }
}
