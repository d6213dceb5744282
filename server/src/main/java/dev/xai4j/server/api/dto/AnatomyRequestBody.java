package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code POST /api/v1/anatomy} as JSON.
 *
 * @param model   model name (a ViT); the default model when absent
 * @param image   the encoded image in base64
 * @param layer   block of the attention views; negative counts from the end; default the last
 * @param head    {@code mean} (default), {@code max}, {@code min} or a head index
 * @param query   token whose attention row is shown; default 0 (CLS)
 * @param patch   patch of the position-similarity map (row-major); default the centre patch
 * @param figures whether to draw the PNG figures (default true)
 */
@Schema(description = "The inside views of a ViT on one image")
public record AnatomyRequestBody(
        @Schema(description = "Model name (a ViT); the default model when absent", examples = "vit-tiny")
        String model,
        @Schema(required = true, description = "Encoded image (PNG, JPEG, BMP or GIF; judged by content) in base64, "
                + "optionally as a data: URL")
        String image,
        @Schema(description = "Block of the attention matrix, attention row and heads grid: 0 … L−1, or negative from "
                + "the end (−1 = last)", defaultValue = "-1")
        Integer layer,
        @Schema(description = "Heads of the attention views: mean, max or min (fused element by element) or a head index "
                + "0 … H−1", defaultValue = "mean", examples = "mean")
        String head,
        @Schema(description = "Query token of the attention row: 0 … N−1 (0 = CLS; patch k is token P + k)",
                defaultValue = "0", minimum = "0")
        Integer query,
        @Schema(description = "Patch of the position-similarity map, row-major: 0 … G−1; default the centre patch "
                + "(⌊g_h/2⌋·g_w + ⌊g_w/2⌋)", minimum = "0")
        Integer patch,
        @Schema(description = "Draw the PNG figures (the standard set of AnatomyFigures)", defaultValue = "true")
        Boolean figures) {
}
