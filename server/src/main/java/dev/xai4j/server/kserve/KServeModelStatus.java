package dev.xai4j.server.kserve;

/**
 * {@code GET /v1/models/{name}}.
 *
 * @param name  the model's name
 * @param ready whether it can answer now (the default model once loaded; others load on first use)
 */
public record KServeModelStatus(String name, boolean ready) {
}
