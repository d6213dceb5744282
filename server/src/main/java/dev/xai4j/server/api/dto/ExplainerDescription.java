package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * One explanation method.
 *
 * @param id          id in requests
 * @param description what it computes
 * @param parameters  the parameters it takes
 */
@Schema(description = "An explanation method")
public record ExplainerDescription(
        @Schema(description = "Id in requests", examples = "attention-rollout") String id,
        @Schema(description = "What it computes") String description,
        @Schema(description = "Parameters it takes") List<ParameterDescription> parameters) {
}
