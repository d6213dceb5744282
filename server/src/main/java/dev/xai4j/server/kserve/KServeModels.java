package dev.xai4j.server.kserve;

import java.util.List;

/**
 * {@code GET /v1/models}.
 *
 * @param models the model names
 */
public record KServeModels(List<String> models) {
}
