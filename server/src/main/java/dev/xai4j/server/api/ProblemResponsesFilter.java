package dev.xai4j.server.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Documents the problem-details error answers on every {@code /api/v1} operation, so the
 * resources need not repeat them: each POST can answer 400, 413, 415, 422, 500, 503 and 504;
 * each GET 400, 500, 503 and 504.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponsesFilter implements OASFilter {

    private static final Map<String, String> POST = new LinkedHashMap<>();
    private static final Map<String, String> GET = new LinkedHashMap<>();

    static {
        POST.put("400", "Invalid request: unknown model, method or label, a parameter out of range, malformed JSON");
        POST.put("413", "Image too large: more bytes than xai.limits.max-image-size or more pixels than xai.limits.max-pixels");
        POST.put("415", "The content is not an image (judged by content, not by name), or the body type is not accepted");
        POST.put("422", "The image cannot be decoded (truncated or corrupt)");
        POST.put("500", "Unexpected server error (logged with the id given in the detail) or a model that cannot be loaded");
        POST.put("503", "Every inference thread is busy and the queue is full; retry after Retry-After seconds");
        POST.put("504", "The request exceeded xai.inference.timeout");
        GET.put("400", "Invalid request (e.g. an unknown model)");
        GET.put("500", "Unexpected server error");
        GET.put("503", "Describing a model that is not loaded needs the inference queue, which is full");
        GET.put("504", "Loading the model exceeded xai.inference.timeout");
    }

    @Override
    public PathItem filterPathItem(PathItem item) {
        if (item.getPOST() != null) {
            add(item.getPOST(), POST);
        }
        if (item.getGET() != null) {
            add(item.getGET(), GET);
        }
        return item;
    }

    private static void add(Operation op, Map<String, String> statuses) {
        if (op.getOperationId() == null && (op.getTags() == null || op.getTags().isEmpty())) {
            return;
        }
        APIResponses responses = op.getResponses() == null ? OASFactory.createAPIResponses() : op.getResponses();
        statuses.forEach((code, description) -> {
            if (responses.getAPIResponse(code) == null) {
                Content content = OASFactory.createContent().addMediaType(Problems.PROBLEM_JSON,
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")));
                var response = OASFactory.createAPIResponse().description(description).content(content);
                if (code.equals("503")) {
                    response.addHeader("Retry-After", OASFactory.createHeader()
                            .description("Seconds to wait before retrying")
                            .schema(OASFactory.createSchema().addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.INTEGER)));
                }
                responses.addAPIResponse(code, response);
            }
        });
        op.setResponses(responses);
    }
}
