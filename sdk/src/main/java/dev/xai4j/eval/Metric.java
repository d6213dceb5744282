package dev.xai4j.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The metrics {@link ExplanationMetrics} computes, by id. What each measures, its formula and source
 * are on the class that computes it and in {@code docs/evaluation.md}.
 */
public enum Metric {
    /** Chefer et al. 2021's positive and negative perturbation AUC (× 100), against the prediction and the target. */
    PERTURBATION("perturbation", false),
    /** ROAD (Rong et al. 2022): MoRF and LeRF curves of the target probability under noisy linear imputation, and their areas. */
    ROAD("road", false),
    /** The area between the ROAD LeRF and MoRF curves of the target logit (the faithfulness score of AttnLRP, Achtibat et al. 2024). */
    MORF_LERF("morf-lerf", false),
    /** Model-parameter randomisation (Adebayo et al. 2018): similarity to the map of cascadingly randomised models. */
    MPRT("mprt", false),
    /** Random-logit test (Sixt et al. 2020): similarity of the target's map to a random other class's map. */
    RANDOM_LOGIT("random-logit", false),
    /** Gini index of the absolute map (Chalasani et al. 2020). */
    SPARSENESS("sparseness", false),
    /** Entropy of the normalised absolute map (Bhatt et al. 2020). */
    COMPLEXITY("complexity", false),
    /** Max-sensitivity (Yeh et al. 2019) over random perturbations of the input. */
    MAX_SENSITIVITY("max-sensitivity", false),
    /** Share of positive relevance inside the object mask (Arras et al. 2022). */
    RELEVANCE_MASS("relevance-mass", true),
    /** Share of the mask's K pixels among the map's K highest (Arras et al. 2022). */
    RELEVANCE_RANK("relevance-rank", true);

    private final String id;
    private final boolean needsMask;

    Metric(String id, boolean needsMask) {
        this.id = id;
        this.needsMask = needsMask;
    }

    /** The id used on the command line and in the HTTP API. */
    public String id() {
        return id;
    }

    /** Whether the metric compares the map with an object mask. */
    public boolean needsMask() {
        return needsMask;
    }

    /** Every id, in declaration order. */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Metric::id).toList();
    }

    /**
     * The metric of an id (case-insensitive).
     *
     * @throws IllegalArgumentException naming the known ids when none matches
     */
    public static Metric of(String id) {
        String key = id.trim().toLowerCase(Locale.ROOT);
        for (Metric m : values()) {
            if (m.id.equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + id + "'; known: " + String.join(", ", ids()));
    }
}
