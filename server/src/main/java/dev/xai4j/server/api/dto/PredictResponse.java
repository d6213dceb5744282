package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * {@code POST /api/v1/predict}.
 *
 * @param model   the model used
 * @param image   the decoded image's size
 * @param top     the best classes, most probable first
 * @param timings where the time went
 */
@Schema(description = "The best classes of an image")
public record PredictResponse(
        @Schema(description = "The model used") String model,
        @Schema(description = "The decoded image's size") ImageSize image,
        @Schema(description = "The best classes, most probable first") List<ClassScore> top,
        @Schema(description = "Where the time went") Timings timings) {
}
