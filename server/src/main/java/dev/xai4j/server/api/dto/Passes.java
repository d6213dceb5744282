package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Model passes a request ran, all methods and images together.
 *
 * @param forward  forward passes
 * @param backward backward passes
 */
@Schema(description = "Model passes the request ran, all methods and images together")
public record Passes(@Schema(description = "Forward passes") int forward, @Schema(description = "Backward passes") int backward) {
}
