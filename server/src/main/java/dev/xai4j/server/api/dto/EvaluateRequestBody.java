package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * {@code POST /api/v1/evaluate}: how faithful, class-sensitive, simple, robust and well-placed each
 * method's map is on one image ({@code image}) or a batch ({@code images}).
 *
 * @param model      model name; the default model when absent
 * @param image      one encoded image in base64
 * @param images     several encoded images in base64 (instead of {@code image})
 * @param mask       the object mask of {@code image} (white inside), for relevance-mass and relevance-rank
 * @param masks      one mask per image of {@code images}
 * @param methods    the methods whose maps are scored
 * @param metrics    metric ids
 * @param target     which class to explain on every image
 * @param parameters metric parameters
 */
@Schema(description = "Score explanation methods on one image or a batch")
public record EvaluateRequestBody(
        @Schema(description = "Model name; the default model when absent", examples = "vit-shapes")
        String model,
        @Schema(description = "One encoded image in base64 (or use images)")
        String image,
        @Schema(description = "Several encoded images in base64 (at most xai.limits.max-batch-size)")
        List<String> images,
        @Schema(description = "Object mask of image, base64 PNG, white inside; needed by relevance-mass and relevance-rank")
        String mask,
        @Schema(description = "One object mask per image of images")
        List<String> masks,
        @Schema(required = true, description = "Methods whose maps are scored")
        List<MethodSpec> methods,
        @Schema(required = true, description = "Metric ids: perturbation, road, morf-lerf, mprt, random-logit, sparseness, "
                + "complexity, max-sensitivity, relevance-mass, relevance-rank", examples = "[\"perturbation\", \"road\", \"sparseness\"]")
        List<String> metrics,
        @Schema(description = "Class to explain: top, a class index, or a label", defaultValue = "top")
        String target,
        @Schema(description = "Metric parameters")
        MetricParameters parameters) {
}
