package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * {@code POST /api/v1/explain/batch} as JSON: like {@link ExplainRequestBody} for several images,
 * which share one forward (and at most one backward) pass.
 *
 * @param model   model name; the default model when absent
 * @param images  the encoded images in base64
 * @param methods the methods to run on every image
 * @param target  which class to explain on every image
 * @param topK    how many classes each prediction lists
 * @param output  output options
 * @param inputSize the side the model runs at; the checkpoint's own when absent
 */
@Schema(description = "Explain several images in one shared pass")
public record BatchExplainRequestBody(
        @Schema(description = "Model name; the default model when absent", examples = "vit-tiny")
        String model,
        @Schema(required = true, description = "Encoded images in base64 (at most xai.limits.max-batch-size)")
        List<String> images,
        @Schema(required = true, description = "Methods to run on every image")
        List<MethodSpec> methods,
        @Schema(description = "Class to explain: top, top-k, a class index, or a label", defaultValue = "top")
        String target,
        @Schema(description = "How many classes each prediction lists", defaultValue = "5", minimum = "1")
        Integer topK,
        @Schema(description = "Output options")
        OutputOptions output,
        @Schema(description = "Run the model at inputSize × inputSize pixels instead of its checkpoint's size: images are "
                + "resized to it as the model's preprocessing does (an image of that size is used as it is), a ViT's "
                + "position embeddings are resampled as timm does", minimum = "16", maximum = "1024", examples = "96")
        Integer inputSize) {
}
