package dev.xai4j.eval;

/**
 * One step of the cascading model-parameter randomisation: the map of the model whose parameters
 * from the classifier down to {@code layers} are random, compared with the original model's map.
 *
 * @param layers   the parameter group randomised at this step (e.g. {@code norm+head}, {@code blocks.5},
 *                 {@code layer4.1}); every group of the earlier steps stays randomised
 * @param spearman Spearman's ρ of the two absolute maps
 * @param ssim     SSIM of the two absolute maps, each divided by its maximum
 */
public record RandomisationStep(String layers, double spearman, double ssim) {
}
