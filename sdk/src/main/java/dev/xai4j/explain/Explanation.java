package dev.xai4j.explain;

import dev.xai4j.model.Tensor;

import java.util.Map;

/**
 * One method's explanation of one image for one target.
 *
 * @param method        the explainer id
 * @param parameters    the parameters used, defaults filled in
 * @param target        the class explained
 * @param targetLabel   its label
 * @param map           the attribution map (raw values, not normalised)
 * @param raw           the unreduced attribution (e.g. [3, H, W] for input-gradient methods), or null
 * @param measures      named figures the method reports with its map (e.g. LRP conservation)
 * @param passNanos     wall time of the shared pass this explanation came from (shared by all methods of the batch)
 * @param methodNanos   time this method spent after the shared pass (including any passes of its own)
 * @param extraForward  forward passes this method ran itself (integrated gradients, SmoothGrad)
 * @param extraBackward backward passes this method ran itself
 * @param contrast      for a contrastive target ({@link Target.Contrast}), the class the target is contrasted
 *                      with (the map explains y_target − y_contrast); {@link #NO_CONTRAST} otherwise
 * @param contrastLabel its label, or null
 */
public record Explanation(String method, Map<String, Object> parameters, int target, String targetLabel,
                          Heatmap map, Tensor raw, Map<String, Double> measures, long passNanos, long methodNanos, int extraForward,
                          int extraBackward, int contrast, String contrastLabel) {

    /** {@link #contrast} of an explanation of one class alone. */
    public static final int NO_CONTRAST = -1;

    public Explanation {
        parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
        measures = Map.copyOf(measures);
    }

    /** An explanation of one class alone (no contrast). */
    public Explanation(String method, Map<String, Object> parameters, int target, String targetLabel, Heatmap map,
                       Tensor raw, Map<String, Double> measures, long passNanos, long methodNanos, int extraForward,
                       int extraBackward) {
        this(method, parameters, target, targetLabel, map, raw, measures, passNanos, methodNanos, extraForward,
                extraBackward, NO_CONTRAST, null);
    }

    /** Whether the map explains the target rather than another class ({@link #contrast}). */
    public boolean contrastive() {
        return contrast != NO_CONTRAST;
    }
}
