package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /api/v1/predict} as JSON.
 *
 * @param model name of the model; the default model when absent
 * @param image the encoded image (PNG, JPEG, BMP or GIF) in base64, optionally as a {@code data:} URL
 * @param topK  how many classes to return (default 5)
 * @param inputSize the side the model runs at; the checkpoint's own when absent
 */
@Schema(description = "Classify one image")
public record PredictRequestBody(
        @Schema(description = "Model name (see GET /api/v1/models); the default model when absent", examples = "vit-tiny")
        String model,
        @Schema(required = true, description = "Encoded image (PNG, JPEG, BMP or GIF; judged by content) in base64, "
                + "optionally as a data: URL")
        String image,
        @Schema(description = "How many classes to return", defaultValue = "5", minimum = "1")
        Integer topK,
        @Schema(description = "Run the model at inputSize × inputSize pixels instead of its checkpoint's size: images are "
                + "resized to it as the model's preprocessing does (an image of that size is used as it is), a ViT's "
                + "position embeddings are resampled as timm does", minimum = "16", maximum = "1024", examples = "96")
        Integer inputSize) {
}
