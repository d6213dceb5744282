package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * {@code POST /api/v1/explain} as JSON.
 *
 * @param model   model name; the default model when absent
 * @param image   the encoded image in base64
 * @param methods the methods to run (one shared forward pass and at most one backward pass serve them all)
 * @param target  which class to explain: {@code top} (default), {@code top-3}, a class index or a label, or a
 *                contrast {@code A vs B} (why A rather than B: the gradient of y_A − y_B)
 * @param topK    how many classes the prediction lists (default 5)
 * @param output  output options
 * @param inputSize the side the model runs at; the checkpoint's own when absent
 */
@Schema(description = "Explain one image with one or more methods")
public record ExplainRequestBody(
        @Schema(description = "Model name; the default model when absent", examples = "vit-tiny")
        String model,
        @Schema(required = true, description = "Encoded image (PNG, JPEG, BMP or GIF; judged by content) in base64, "
                + "optionally as a data: URL")
        String image,
        @Schema(required = true, description = "Methods to run, as ids or objects with parameters")
        List<MethodSpec> methods,
        @Schema(description = "Class to explain: top (the predicted class), top-k (each of the k best), a class index, "
                + "a label, or a contrast 'A vs B' of one of the first three with an index or a label (why A rather "
                + "than B: the gradient of y_A − y_B)", defaultValue = "top", examples = "top")
        String target,
        @Schema(description = "How many classes the prediction lists", defaultValue = "5", minimum = "1")
        Integer topK,
        @Schema(description = "Output options")
        OutputOptions output,
        @Schema(description = "Run the model at inputSize × inputSize pixels instead of its checkpoint's size: images are "
                + "resized to it as the model's preprocessing does (an image of that size is used as it is), a ViT's "
                + "position embeddings are resampled as timm does", minimum = "16", maximum = "1024", examples = "96")
        Integer inputSize) {
}
