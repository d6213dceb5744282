package dev.xai4j.server.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * Everything explained about one image of a batch.
 *
 * @param index        position in the request
 * @param image        decoded size
 * @param prediction   the best classes
 * @param explanations one per target and method, in target order then method order
 * @param agreement    one matrix per target when two or more methods ran and agreement was asked for
 */
@Schema(description = "The explanations of one image of a batch")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImageResult(
        @Schema(description = "Position in the request") int index,
        @Schema(description = "Decoded size") ImageSize image,
        @Schema(description = "The best classes, most probable first") List<ClassScore> prediction,
        @Schema(description = "One per target and method, in target order then method order") List<ExplanationResult> explanations,
        @Schema(description = "One matrix per target, when two or more methods ran") List<AgreementMatrix> agreement) {
}
