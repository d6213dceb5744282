package dev.xai4j.server.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/**
 * One method's explanation of one image for one target class.
 *
 * @param method      explainer id
 * @param target      class explained
 * @param targetLabel its label
 * @param parameters  the parameters used, defaults filled in
 * @param min         smallest raw value
 * @param max         largest raw value
 * @param map         the raw map (absent when {@code output.raw} is false)
 * @param overlay     the map drawn over the image, a base64 PNG (present when {@code output.overlay} is true)
 * @param timings     its cost
 * @param contrast    for a contrastive target, the class the target is contrasted with (the map explains
 *                    y_target − y_contrast); absent otherwise
 * @param contrastLabel its label; absent when there is no contrast
 */
@Schema(description = "One method's explanation of one image for one target class")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExplanationResult(
        @Schema(description = "Explainer id") String method,
        @Schema(description = "Class explained") int target,
        @Schema(description = "Its label") String targetLabel,
        @Schema(description = "Parameters used, defaults filled in") Map<String, Object> parameters,
        @Schema(description = "Smallest raw value") float min,
        @Schema(description = "Largest raw value") float max,
        @Schema(description = "The raw map; absent when output.raw is false") HeatmapData map,
        @Schema(description = "The map over the image as a base64 PNG; present when output.overlay is true",
                format = "byte") String overlay,
        @Schema(description = "Cost") MethodTimings timings,
        @Schema(description = "For a contrastive target ('A vs B'), the class B the target is contrasted with: the map "
                + "explains y_target − y_B; absent otherwise") Integer contrast,
        @Schema(description = "Its label; absent when there is no contrast") String contrastLabel) {
}
