package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Where a request's time went, in milliseconds.
 *
 * @param queueMs     waiting for an inference thread
 * @param decodeMs    decoding the image(s)
 * @param inferenceMs model passes and explainers (including loading the model if it was not loaded)
 * @param renderMs    overlays and agreement
 * @param totalMs     from accepting the request to the answer
 */
@Schema(description = "Where the request's time went, in milliseconds")
public record Timings(
        @Schema(description = "Waiting for an inference thread") double queueMs,
        @Schema(description = "Decoding the image(s)") double decodeMs,
        @Schema(description = "Model passes and explainers (and loading the model, if it was not loaded)") double inferenceMs,
        @Schema(description = "Overlays and agreement") double renderMs,
        @Schema(description = "From accepting the request to the answer") double totalMs) {
}
