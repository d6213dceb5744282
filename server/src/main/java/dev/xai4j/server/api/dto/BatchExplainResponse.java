package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * {@code POST /api/v1/explain/batch}.
 *
 * @param model   the model used
 * @param results per image, in request order
 * @param passes  model passes run for the whole batch
 * @param timings where the time went
 */
@Schema(description = "Explanations of several images, computed in one shared pass")
public record BatchExplainResponse(
        @Schema(description = "The model used") String model,
        @Schema(description = "Per image, in request order") List<ImageResult> results,
        @Schema(description = "Model passes run for the whole batch") Passes passes,
        @Schema(description = "Where the time went") Timings timings) {
}
