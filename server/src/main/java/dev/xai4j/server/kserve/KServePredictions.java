package dev.xai4j.server.kserve;

import dev.xai4j.server.api.dto.PredictResponse;

import java.util.List;

/**
 * {@code :predict}'s answer: one prediction per instance, as {@code POST /api/v1/predict} gives it.
 *
 * @param predictions per instance
 */
public record KServePredictions(List<PredictResponse> predictions) {
}
