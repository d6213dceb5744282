package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Parameters of the metrics of {@code POST /api/v1/evaluate}; each absent one takes its default
 * (see {@code docs/evaluation.md}).
 *
 * @param removal            what a removed pixel becomes in the perturbation test: black, zero or mean
 * @param patchSize          perturbation-test granularity: 1 = pixels, p = p × p patches
 * @param roadNoise          σ of ROAD's imputation noise, in normalised input units
 * @param sensitivitySamples perturbations per image for max-sensitivity
 * @param sensitivityRadius  their L∞ radius in [0, 1] pixel intensity
 * @param seed               seed of every random choice
 */
@Schema(description = "Metric parameters; absent ones take their defaults")
public record MetricParameters(
        @Schema(description = "Perturbation test: what a removed pixel becomes. black = 0 in [0, 1] pixel space (Chefer et al.'s "
                + "code), zero = 0 in the model's normalised space, mean = the image's channel mean", defaultValue = "black",
                enumeration = {"black", "zero", "mean"})
        String removal,
        @Schema(description = "Perturbation test granularity: 1 = single pixels, p > 1 = p × p patches (must divide the "
                + "input size)", defaultValue = "1", minimum = "1")
        Integer patchSize,
        @Schema(description = "σ of ROAD's imputation noise in normalised input units", defaultValue = "0.01", minimum = "0")
        Double roadNoise,
        @Schema(description = "Random perturbations per image for max-sensitivity", defaultValue = "10", minimum = "1")
        Integer sensitivitySamples,
        @Schema(description = "L∞ radius of those perturbations in [0, 1] pixel intensity", defaultValue = "0.05")
        Double sensitivityRadius,
        @Schema(description = "Seed of every random choice", defaultValue = "0")
        Long seed) {
}
