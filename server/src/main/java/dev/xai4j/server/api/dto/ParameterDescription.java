package dev.xai4j.server.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * One parameter of an explainer.
 *
 * @param name         name in requests
 * @param type         {@code integer}, {@code number}, {@code choice}, {@code boolean} or {@code text}
 * @param defaultValue value when a request gives none
 * @param min          smallest allowed value, if bounded
 * @param max          largest allowed value, if bounded
 * @param maxExclusive whether {@code max} itself is excluded
 * @param choices      allowed values of a choice
 * @param description  what it does; model-dependent ranges (layers, heads) are described here
 * @param meaning      what the value stands for on a model: value, block, head or feature_map
 * @param formerNames  deprecated names still accepted in requests
 */
@Schema(description = "A parameter of an explainer")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParameterDescription(
        @Schema(description = "Name in requests", examples = "discard_ratio") String name,
        @Schema(description = "Value type", enumeration = {"integer", "number", "choice", "boolean", "text"}) String type,
        @JsonProperty("default") @Schema(description = "Value when a request gives none") Object defaultValue,
        @Schema(description = "Smallest allowed value (inclusive), absent when unbounded") Double min,
        @Schema(description = "Largest allowed value, absent when unbounded") Double max,
        @Schema(description = "Whether max itself is excluded; absent when there is no max") Boolean maxExclusive,
        @Schema(description = "Allowed values of a choice") List<String> choices,
        @Schema(description = "What it does, including model-dependent ranges") String description,
        @Schema(description = "What the value stands for on a model", enumeration = {"value", "block", "head", "feature_map"})
        String meaning,
        @Schema(description = "Deprecated names of this parameter, still accepted") List<String> formerNames) {
}
