package dev.xai4j.explain;

import dev.xai4j.model.Tensor;

/**
 * What an explainer computes for one image and target: a 2-D map, and for methods whose natural
 * result has more dimensions (per-channel input attributions [3, H, W]) the raw tensor as well.
 *
 * @param map the map shown to people (on the patch grid, feature grid or pixel grid)
 * @param raw the unreduced attribution, or null when it is the map itself
 */
public record Attribution(Heatmap map, Tensor raw) {

    /** An attribution that is just a map. */
    public static Attribution of(Heatmap map) {
        return new Attribution(map, null);
    }
}
