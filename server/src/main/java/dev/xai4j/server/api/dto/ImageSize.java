package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Size of a decoded input image.
 *
 * @param width  pixels per row
 * @param height rows
 */
@Schema(description = "Size of the decoded input image")
public record ImageSize(@Schema(description = "Width in pixels") int width, @Schema(description = "Height in pixels") int height) {
}
