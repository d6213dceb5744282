package dev.xai4j.server.api.dto;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Map;

/**
 * One explanation method with its parameters. In JSON either an object
 * {@code {"method": "attention-rollout", "parameters": {"discard_ratio": 0.9}}} or just the id
 * {@code "grad-cam"}.
 *
 * @param method     explainer id (see GET /api/v1/explainers)
 * @param parameters parameter name → value; missing parameters take their defaults
 */
@Schema(description = "An explanation method and its parameters (missing parameters take their defaults)")
public record MethodSpec(
        @Schema(required = true, description = "Explainer id, see GET /api/v1/explainers", examples = "attention-rollout")
        String method,
        @Schema(description = "Parameter name → value", examples = "{\"head_fusion\": \"max\", \"discard_ratio\": 0.9}")
        Map<String, Object> parameters) {

    public MethodSpec {
        parameters = parameters == null ? Map.of() : parameters;
    }

    /** A method with default parameters, from its bare id. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static MethodSpec of(String method) {
        return new MethodSpec(method, Map.of());
    }
}
