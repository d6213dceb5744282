package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One class of a prediction.
 *
 * @param index       class index
 * @param label       class label
 * @param logit       raw score
 * @param probability softmax probability
 */
@Schema(description = "A class with its score")
public record ClassScore(
        @Schema(description = "Class index") int index,
        @Schema(description = "Class label") String label,
        @Schema(description = "Raw score (logit)") float logit,
        @Schema(description = "Softmax probability") float probability) {
}
