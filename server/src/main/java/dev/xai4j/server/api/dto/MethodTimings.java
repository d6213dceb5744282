package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Cost of one explanation.
 *
 * @param passMs        the shared pass it came from (shared by every method and image of the request)
 * @param methodMs      this method's own work after the shared pass, its own passes included
 * @param extraForward  forward passes this method ran itself (integrated gradients, SmoothGrad)
 * @param extraBackward backward passes this method ran itself
 */
@Schema(description = "Cost of one explanation")
public record MethodTimings(
        @Schema(description = "The shared pass (shared by every method and image of the request), ms") double passMs,
        @Schema(description = "This method's own work after the shared pass, ms") double methodMs,
        @Schema(description = "Forward passes this method ran itself") int extraForward,
        @Schema(description = "Backward passes this method ran itself") int extraBackward) {
}
