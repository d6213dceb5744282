package dev.xai4j.model;

import dev.xai4j.image.Preprocessing;

import java.util.List;

/**
 * What a {@link ModelFamily} learned about a model: enough to build its graph and to describe it.
 *
 * @param family        the family's name, for display
 * @param format        where the weights came from, e.g. {@code HUGGING_FACE_VIT}, {@code RANDOM}
 * @param labels        class names by index
 * @param preprocessing how images become input tensors
 * @param inputHeight   input height in pixels
 * @param inputWidth    input width in pixels
 * @param capabilities  what the model has
 * @param weights       its parameters by canonical name
 * @param graphs        makes the graph builder for a set of gradient rules
 */
public record ModelDefinition(String family, String format, List<String> labels, Preprocessing preprocessing,
                              int inputHeight, int inputWidth, Capabilities capabilities, Weights weights,
                              GraphFactory graphs) {

    /** Makes the builder of a model's inference graph. */
    @FunctionalInterface
    public interface GraphFactory {
        /**
         * A fresh builder for the graph with these gradient rules (one of {@link Capabilities#gradientRules()}).
         */
        GraphBuilder builder(GradientRules rules);

        /**
         * The same graphs built from other weights of the same names and shapes (what
         * {@link VisionModel#withRandomParameters} builds a randomised copy from).
         *
         * @throws UnsupportedOperationException where the family does not offer it (the default)
         */
        default GraphFactory withWeights(Weights weights) {
            throw new UnsupportedOperationException("this model family cannot build its graph from other weights");
        }
    }

    public ModelDefinition {
        labels = List.copyOf(labels);
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one class");
        }
        if (inputHeight <= 0 || inputWidth <= 0) {
            throw new IllegalArgumentException("input size " + inputHeight + " × " + inputWidth);
        }
    }
}
