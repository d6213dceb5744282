package dev.xai4j.server.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * An error answer in RFC 9457 problem-details form ({@code application/problem+json}).
 *
 * @param type      URI identifying the kind of problem
 * @param title     short summary of the kind
 * @param status    the HTTP status
 * @param detail    what went wrong with this request
 * @param instance  the request path
 * @param parameter the request field or parameter at fault, when one is
 * @param errors    every problem found, when the request had several
 */
@Schema(name = "Problem", description = "RFC 9457 problem details")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        @Schema(description = "URI identifying the kind of problem", examples = "https://xai4j.dev/problems/invalid-parameter") String type,
        @Schema(description = "Short summary of the kind of problem", examples = "Invalid parameter") String title,
        @Schema(description = "HTTP status", examples = "400") int status,
        @Schema(description = "What went wrong with this request") String detail,
        @Schema(description = "The request path") String instance,
        @Schema(description = "The request field or explainer parameter at fault", examples = "discard_ratio") String parameter,
        @Schema(description = "Every problem found, when there were several") List<ProblemError> errors) {

    /** One of several problems of a request. */
    @Schema(description = "One problem of a request")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProblemError(
            @Schema(description = "The method concerned, if any", examples = "attention-rollout") String method,
            @Schema(description = "The field or parameter at fault", examples = "discard_ratio") String parameter,
            @Schema(description = "What is wrong") String detail) {
    }
}
