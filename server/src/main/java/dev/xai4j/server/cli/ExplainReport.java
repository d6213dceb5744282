package dev.xai4j.server.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.xai4j.server.api.dto.AgreementMatrix;
import dev.xai4j.server.api.dto.ClassScore;
import dev.xai4j.server.api.dto.ExplanationResult;
import dev.xai4j.server.api.dto.ImageSize;

import java.util.List;

/**
 * The JSON file {@code xai explain} writes per image; its explanations have the same form as the
 * REST API's (raw maps as row-major floats with height and width).
 *
 * @param image        the image file
 * @param model        the model's name
 * @param checkpoint   the checkpoint it was loaded from
 * @param size         the decoded image's size
 * @param target       the target rule asked for ({@code top}, an index, a label, {@code top-k})
 * @param prediction   the best classes
 * @param explanations one per target and method: map, target, parameters, timings
 * @param agreement    pairwise Spearman agreement of the maps, per target
 * @param timings      where the time went
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExplainReport(String image, String model, String checkpoint, ImageSize size, String target,
                            List<ClassScore> prediction, List<ExplanationResult> explanations,
                            List<AgreementMatrix> agreement, Timings timings) {

    /**
     * Where the time went, in milliseconds.
     *
     * @param decodeMs    decoding this image
     * @param inferenceMs the shared passes and explainers of the batch this image was in
     * @param batchSize   images in that batch
     * @param renderMs    drawing this image's panel and computing its agreement
     */
    public record Timings(double decodeMs, double inferenceMs, int batchSize, double renderMs) {
    }
}
