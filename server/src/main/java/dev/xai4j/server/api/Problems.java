package dev.xai4j.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.xai4j.explain.ParameterException;
import dev.xai4j.image.InvalidImageException;
import dev.xai4j.server.api.dto.Problem;
import dev.xai4j.server.inference.InferenceTimeoutException;
import dev.xai4j.server.inference.OverloadedException;
import dev.xai4j.server.models.ModelUnavailableException;
import dev.xai4j.server.models.UnknownModelException;
import dev.xai4j.server.service.InvalidRequestException;
import dev.xai4j.server.service.PayloadTooLargeException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Every error of the API as RFC 9457 problem details ({@code application/problem+json}): 400 for
 * invalid requests (unknown model, method, label, parameter out of range, malformed JSON), 413 for
 * images too large in bytes or pixels, 415 for content that is not an image (or a request body
 * type the endpoint does not take), 422 for images that cannot be decoded, 503 when the inference
 * queue is full (with {@code Retry-After}), 504 past the request timeout. Anything else is logged
 * with an id and answered 500 with that id only: no stack trace or internal message leaves the server.
 */
public class Problems {

    /** The problem-details media type. */
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final String BASE = "https://xai4j.dev/problems/";
    private static final Logger LOG = Logger.getLogger(Problems.class);

    static Response problem(int status, String slug, String title, String detail, UriInfo uri, String parameter,
                            List<Problem.ProblemError> errors) {
        Problem p = new Problem(BASE + slug, title, status, detail, uri == null ? null : uri.getRequestUri().getPath(),
                parameter, errors);
        return Response.status(status).type(PROBLEM_JSON).entity(p).build();
    }

    @ServerExceptionMapper
    public Response invalidRequest(InvalidRequestException e, UriInfo uri) {
        List<Problem.ProblemError> errors = e.errors().stream()
                .map(f -> new Problem.ProblemError(f.method(), f.parameter(), f.detail())).toList();
        String parameter = errors.isEmpty() ? null : errors.get(0).parameter();
        return problem(400, "invalid-request", "Invalid request", e.getMessage(), uri, parameter,
                errors.size() > 1 || (!errors.isEmpty() && errors.get(0).method() != null) ? errors : null);
    }

    @ServerExceptionMapper
    public Response invalidParameter(ParameterException e, UriInfo uri) {
        return problem(400, "invalid-request", "Invalid request", e.getMessage(), uri, e.parameter(), null);
    }

    @ServerExceptionMapper
    public Response unknownModel(UnknownModelException e, UriInfo uri) {
        return problem(400, "unknown-model", "Unknown model", e.getMessage(), uri, "model", null);
    }

    @ServerExceptionMapper
    public Response tooLarge(PayloadTooLargeException e, UriInfo uri) {
        return problem(413, "payload-too-large", "Image too large", e.getMessage(), uri, e.field(), null);
    }

    @ServerExceptionMapper
    public Response invalidImage(InvalidImageException e, UriInfo uri) {
        return switch (e.reason()) {
            case NOT_AN_IMAGE -> problem(415, "not-an-image", "Not an image", e.getMessage(), uri, field(e), null);
            case TOO_LARGE -> problem(413, "image-too-large", "Image too large", e.getMessage(), uri, field(e), null);
            case UNDECODABLE -> problem(422, "undecodable-image", "Undecodable image", e.getMessage(), uri, field(e), null);
            case UNSUPPORTED_FORMAT -> problem(415, "unsupported-image-format", "Unsupported image format", e.getMessage(), uri,
                    field(e), null);
            case TRUNCATED -> problem(422, "truncated-image", "Truncated image", e.getMessage(), uri, field(e), null);
        };
    }

    /** The request field the service put in front of the decoder's message ({@code images[1]: ...}). */
    private static String field(InvalidImageException e) {
        String m = e.getMessage();
        int colon = m == null ? -1 : m.indexOf(':');
        return colon > 0 && m.substring(0, colon).matches("images?(\\[\\d+])?") ? m.substring(0, colon) : "image";
    }

    @ServerExceptionMapper
    public Response overloaded(OverloadedException e, UriInfo uri) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        Response r = problem(503, "overloaded", "Server busy", e.getMessage(), uri, null, null);
        return Response.fromResponse(r).header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)).build();
    }

    @ServerExceptionMapper
    public Response timeout(InferenceTimeoutException e, UriInfo uri) {
        return problem(504, "timeout", "Request timed out", e.getMessage(), uri, null, null);
    }

    @ServerExceptionMapper
    public Response modelUnavailable(ModelUnavailableException e, UriInfo uri) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e.getCause(), "[%s] %s", id, e.getMessage());
        return problem(500, "model-unavailable", "Model unavailable", e.getMessage() + " (see the server log, error "
                + id + ")", uri, null, null);
    }

    @ServerExceptionMapper({JsonProcessingException.class, JsonMappingException.class,
            com.fasterxml.jackson.databind.exc.MismatchedInputException.class,
            com.fasterxml.jackson.core.JsonParseException.class})
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        String path = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                ? m.getPath().stream().map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).substring(1)
                : null;
        String field = e instanceof JsonMappingException m && !m.getPath().isEmpty() && m.getPath().get(0).getFieldName() != null
                ? m.getPath().get(0).getFieldName() : null;
        String detail;
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && path != null) {
            // Jackson's own message names Java types: say it in JSON terms instead
            detail = "'" + path + "' must be " + jsonType(m.getTargetType());
        } else if (e instanceof com.fasterxml.jackson.core.JsonParseException) {
            detail = "the request body is not valid JSON: " + e.getOriginalMessage();
        } else {
            detail = "the request body does not fit this endpoint" + (path == null ? "" : " at '" + path + "'");
        }
        return problem(400, "malformed-json", "Malformed JSON", detail, uri, field, null);
    }

    private static String jsonType(Class<?> t) {
        if (t == null) {
            return "of another type";
        }
        if (java.util.Collection.class.isAssignableFrom(t) || t.isArray()) {
            return "an array";
        }
        if (Number.class.isAssignableFrom(t) || (t.isPrimitive() && t != boolean.class)) {
            return "a number";
        }
        if (t == String.class) {
            return "a string";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        return "an object";
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers, jakarta.ws.rs.core.Request request) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        Response original = e.getResponse();
        int status = original.getStatus();
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type != null ? type.getReasonPhrase() : "HTTP " + status;
        String detail = e.getMessage();
        if (e instanceof NotSupportedException) {
            detail = "this endpoint takes application/json or multipart/form-data, not "
                    + (headers.getMediaType() == null ? "a body without a content type" : headers.getMediaType());
        } else if (e instanceof NotAllowedException) {
            detail = request.getMethod() + " is not allowed on " + (uri == null ? "this path" : uri.getRequestUri().getPath());
        } else if (detail != null && detail.startsWith("HTTP " + status)) {
            detail = null; // the framework's generic message says no more than the title
        }
        String slug = title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        Response r = problem(status, slug, title, detail, uri, null, null);
        Response.ResponseBuilder b = Response.fromResponse(r);
        if (original.getHeaderString(HttpHeaders.ALLOW) != null) {
            b.header(HttpHeaders.ALLOW, original.getHeaderString(HttpHeaders.ALLOW));
        }
        return b.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "[%s] unexpected error on %s", id, uri == null ? "?" : uri.getRequestUri().getPath());
        return problem(500, "internal-error", "Internal server error",
                "the server failed to handle the request; the error is logged as " + id, uri, null, null);
    }
}
