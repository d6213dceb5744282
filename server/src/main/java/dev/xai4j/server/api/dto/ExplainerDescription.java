package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * One explanation method.
 *
 * @param id            id in requests
 * @param displayName   its name for display
 * @param description   what it computes
 * @param classSpecific whether the map depends on the target class
 * @param group         methods of one group answer the same question (a UI offers them as variants)
 * @param singlePass    whether it needs only the shared pass (false: many passes of its own)
 * @param parameters    the parameters it takes
 */
@Schema(description = "An explanation method")
public record ExplainerDescription(
        @Schema(description = "Id in requests", examples = "attention-rollout") String id,
        @Schema(description = "Name for display", examples = "Attention rollout") String displayName,
        @Schema(description = "What it computes") String description,
        @Schema(description = "Whether the map depends on the target class") boolean classSpecific,
        @Schema(description = "Methods of one group answer the same question", examples = "relevance") String group,
        @Schema(description = "Whether it needs only the shared forward/backward pass") boolean singlePass,
        @Schema(description = "Parameters it takes") List<ParameterDescription> parameters) {
}
