package dev.xai4j.explain;

import dev.xai4j.model.Prediction;

import java.util.List;

/**
 * Everything explained about one image of a request.
 *
 * @param index        the image's position in the request
 * @param prediction   the model's top classes for it
 * @param explanations one per (target, method), in target order then method order
 */
public record ImageExplanations(int index, Prediction prediction, List<Explanation> explanations) {

    public ImageExplanations {
        explanations = List.copyOf(explanations);
    }

    /** The explanation of a method (for the first target, when there are several). */
    public Explanation get(String method) {
        return explanations.stream().filter(e -> e.method().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no explanation by '" + method + "'"));
    }
}
