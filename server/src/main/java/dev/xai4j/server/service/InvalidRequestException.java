package dev.xai4j.server.service;

import dev.xai4j.explain.ParameterException;

import java.util.List;

/** A request with one or more invalid fields or parameters (400); every problem found is listed. */
public class InvalidRequestException extends RuntimeException {

    /**
     * One problem.
     *
     * @param method    the method concerned, or null
     * @param parameter the field or parameter at fault
     * @param detail    what is wrong
     */
    public record FieldError(String method, String parameter, String detail) {
    }

    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.isEmpty() ? "invalid request" : errors.get(0).detail()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        this.errors = List.copyOf(errors);
    }

    /** A single problem with a request field. */
    public static InvalidRequestException of(String parameter, String detail) {
        return new InvalidRequestException(List.of(new FieldError(null, parameter, detail)));
    }

    /** A single problem reported by the SDK. */
    public static FieldError error(String method, ParameterException e) {
        return new FieldError(method, e.parameter(), e.getMessage());
    }

    /** Every problem. */
    public List<FieldError> errors() {
        return errors;
    }
}
