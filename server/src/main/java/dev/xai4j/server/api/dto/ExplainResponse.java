package dev.xai4j.server.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * {@code POST /api/v1/explain}.
 *
 * @param model        the model used
 * @param image        the decoded image's size
 * @param prediction   the best classes
 * @param explanations one per target and method
 * @param agreement    one matrix per target when two or more methods ran and agreement was asked for
 * @param passes       model passes run
 * @param timings      where the time went
 */
@Schema(description = "Explanations of one image")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExplainResponse(
        @Schema(description = "The model used") String model,
        @Schema(description = "The decoded image's size") ImageSize image,
        @Schema(description = "The best classes, most probable first") List<ClassScore> prediction,
        @Schema(description = "One per target and method, in target order then method order") List<ExplanationResult> explanations,
        @Schema(description = "One matrix per target, when two or more methods ran") List<AgreementMatrix> agreement,
        @Schema(description = "Model passes run") Passes passes,
        @Schema(description = "Where the time went") Timings timings) {
}
