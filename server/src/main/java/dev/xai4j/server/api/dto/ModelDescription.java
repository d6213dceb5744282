package dev.xai4j.server.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * One model the server can use.
 *
 * @param name          its name in requests
 * @param defaultModel  whether requests without a model use it
 * @param loaded        whether it is in memory now (otherwise the next request loads it)
 * @param architecture  the model family in capitals, e.g. {@code VIT}, {@code RESNET}, {@code CONVNEXT}
 * @param format        checkpoint layout it was read from
 * @param inputWidth    input width in pixels (images are resized the model's way)
 * @param inputHeight   input height in pixels
 * @param labels        class labels by index
 * @param capturePoints intermediate tensors an explainer may read (see the SDK's VisionModel)
 * @param explainers    ids of the explainers that apply to it
 * @param error         why it cannot be loaded, if it cannot (the other details are then absent)
 */
@Schema(description = "A model the server can use")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelDescription(
        @Schema(description = "Name in requests", examples = "vit-tiny") String name,
        @JsonProperty("default") @Schema(description = "Whether requests without a model use this one") boolean defaultModel,
        @Schema(description = "Whether it is in memory now; otherwise the next request loads it") boolean loaded,
        @Schema(description = "Model family in capitals (display only: ask capabilities, not the family)", examples = "VIT") String architecture,
        @Schema(description = "Checkpoint layout it was read from", examples = "HUGGING_FACE") String format,
        @Schema(description = "Input width in pixels (images are resized and cropped the model's way)") Integer inputWidth,
        @Schema(description = "Input height in pixels") Integer inputHeight,
        @Schema(description = "Class labels by index") List<String> labels,
        @Schema(description = "Intermediate tensors the model exposes (e.g. blocks.3.attention)") List<String> capturePoints,
        @Schema(description = "Ids of the explainers that apply to this model") List<String> explainers,
        @Schema(description = "Why the model cannot be loaded, if it cannot; the details above are then absent") String error) {

    /** A model whose checkpoint cannot be loaded. */
    public static ModelDescription unavailable(String name, boolean defaultModel, String error) {
        return new ModelDescription(name, defaultModel, false, null, null, null, null, null, null, null, error);
    }
}
