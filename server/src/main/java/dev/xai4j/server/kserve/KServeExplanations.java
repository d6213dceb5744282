package dev.xai4j.server.kserve;

import dev.xai4j.server.api.dto.ExplainResponse;

import java.util.List;

/**
 * {@code :explain}'s answer: one explanation per instance, as {@code POST /api/v1/explain} gives it.
 *
 * @param explanations per instance
 */
public record KServeExplanations(List<ExplainResponse> explanations) {
}
