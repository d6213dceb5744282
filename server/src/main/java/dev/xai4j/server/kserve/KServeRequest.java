package dev.xai4j.server.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * A KServe V1 request body.
 *
 * @param instances  the images (base64 in one of the accepted shapes)
 * @param parameters options: {@code topK}; for {@code :explain} also {@code methods}, {@code target}, {@code output}
 */
@Schema(description = "KServe V1 request")
public record KServeRequest(
        @Schema(required = true, description = "Images in base64: a string, {\"b64\": …}, {\"image_bytes\": {\"b64\": …}} or {\"data\": …}")
        List<JsonNode> instances,
        @Schema(description = "topK; for :explain also methods, target and output, as in POST /api/v1/explain")
        JsonNode parameters) {
}
