package dev.xai4j.eval;

import java.util.List;
import java.util.Map;

/**
 * One method's metrics on one image. Value keys (present when their metric was asked for):
 * {@code perturbation_positive_auc}, {@code perturbation_negative_auc} (against the unperturbed
 * prediction), {@code perturbation_positive_target_auc}, {@code perturbation_negative_target_auc}
 * (against the explained class); {@code road_morf_area}, {@code road_lerf_area};
 * {@code morf_lerf_logit}; {@code mprt_spearman}, {@code mprt_ssim} (fully randomised model);
 * {@code random_logit_spearman}, {@code random_logit_ssim}, {@code random_logit_class}; {@code sparseness};
 * {@code complexity}; {@code max_sensitivity}; {@code relevance_mass}; {@code relevance_rank}. Curve keys:
 * {@code perturbation_positive}, {@code perturbation_negative}, {@code perturbation_positive_target},
 * {@code perturbation_negative_target}, {@code road_morf}, {@code road_lerf}, {@code road_morf_logit},
 * {@code road_lerf_logit}.
 *
 * @param method        the method id, with its explicitly given parameters
 * @param target        the class explained
 * @param targetLabel   its label
 * @param values        metric values by key
 * @param curves        curves by key
 * @param randomisation the cascading randomisation steps (empty unless {@code mprt} was asked for)
 * @param sanityPassed  whether the map decorrelated under full randomisation (ρ below the options'
 *                      threshold); null unless {@code mprt} was asked for
 */
public record MethodMetrics(String method, int target, String targetLabel, Map<String, Double> values,
                            Map<String, Curve> curves, List<RandomisationStep> randomisation, Boolean sanityPassed) {

    public MethodMetrics {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        curves = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(curves));
        randomisation = List.copyOf(randomisation);
    }

    /**
     * A value by key.
     *
     * @throws IllegalArgumentException naming the keys present when it is absent
     */
    public double value(String key) {
        Double v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no value '" + key + "'; values: " + values.keySet());
        }
        return v;
    }
}
