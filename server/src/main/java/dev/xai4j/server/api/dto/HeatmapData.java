package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A raw attribution map: {@code height × width} values, row-major ({@code values[y·width + x]}),
 * on the grid the method works on (ViT patch grid, CNN feature map or input pixels), not normalised.
 *
 * @param height rows
 * @param width  columns
 * @param values {@code height·width} values, row-major
 */
@Schema(description = "A raw attribution map: height × width values, row-major, not normalised")
public record HeatmapData(
        @Schema(description = "Rows") int height,
        @Schema(description = "Columns") int width,
        @Schema(description = "height·width values, row-major: values[y·width + x]") float[] values) {
}
