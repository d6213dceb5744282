package dev.xai4j.server.service;

/** An uploaded image larger than {@code xai.limits.max-image-size} (413). */
public class PayloadTooLargeException extends RuntimeException {

    private final String field;

    public PayloadTooLargeException(String field, long size, long limit) {
        super(field + " is " + size + " bytes, more than the limit of " + limit + " bytes");
        this.field = field;
    }

    /** The request field at fault. */
    public String field() {
        return field;
    }
}
