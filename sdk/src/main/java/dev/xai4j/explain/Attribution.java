package dev.xai4j.explain;

import dev.xai4j.model.Tensor;

import java.util.Map;

/**
 * What an explainer computes for one image and target: a 2-D map, and for methods whose natural
 * result has more dimensions (per-channel input attributions [3, H, W]) the raw tensor as well.
 *
 * @param map      the map shown to people (on the patch grid, feature grid or pixel grid)
 * @param raw      the unreduced attribution, or null when it is the map itself
 * @param measures named figures that come with the map, e.g. LRP's conservation check
 *                 ({@code relevance_sum} next to {@code target_logit})
 */
public record Attribution(Heatmap map, Tensor raw, Map<String, Double> measures) {

    public Attribution {
        measures = Map.copyOf(measures);
    }

    /** A map with its raw tensor and no measures. */
    public Attribution(Heatmap map, Tensor raw) {
        this(map, raw, Map.of());
    }

    /** An attribution that is just a map. */
    public static Attribution of(Heatmap map) {
        return new Attribution(map, null, Map.of());
    }
}
