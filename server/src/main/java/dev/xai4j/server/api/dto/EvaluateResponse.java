package dev.xai4j.server.api.dto;

import dev.xai4j.eval.ImageMetrics;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * The metrics of every method on every image.
 *
 * @param model   the model used
 * @param metrics the metric ids computed
 * @param images  per image (in request order): the prediction and, per method, values, curves and
 *                randomisation steps
 * @param timings where the time went; inference covers every pass and explanation the metrics ran
 */
@Schema(description = "Metric values and curves per image and method")
public record EvaluateResponse(
        String model,
        List<String> metrics,
        @Schema(description = "Per image: the top class and, per method, values (e.g. perturbation_positive_auc, road_morf_area, "
                + "morf_lerf_logit, mprt_spearman, sparseness), curves (x = removal fractions) and randomisation steps")
        List<ImageMetrics> images,
        Timings timings) {
}
