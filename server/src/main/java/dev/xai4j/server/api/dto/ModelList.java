package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * {@code GET /api/v1/models}.
 *
 * @param defaultModel the model used when a request names none
 * @param models       every model, configured ones first
 */
@Schema(description = "The models the server can use")
public record ModelList(
        @Schema(description = "The model used when a request names none") String defaultModel,
        @Schema(description = "Every model, configured ones first, then those found in the models folder") List<ModelDescription> models) {
}
