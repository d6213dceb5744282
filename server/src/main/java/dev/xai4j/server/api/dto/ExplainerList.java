package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * {@code GET /api/v1/explainers}.
 *
 * @param explainers the explanation methods
 */
@Schema(description = "The explanation methods")
public record ExplainerList(@Schema(description = "Explanation methods, built-in ones first") List<ExplainerDescription> explainers) {
}
