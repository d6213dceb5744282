package dev.xai4j.ui;

/** A failure of the {@link ComparisonBackend} the user is told about, with what kind it is. */
public class BackendException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, so the page can word it and style it. */
    public enum Kind {
        /** Not an image, or an image that cannot be decoded. */
        BAD_IMAGE,
        /** An image over the size or pixel limit. */
        TOO_LARGE,
        /** A parameter, method or target the model does not accept. */
        INVALID_REQUEST,
        /** The inference queue is full: try again shortly. */
        BUSY,
        /** The work took longer than the server allows. */
        TIMEOUT,
        /** The model is unknown or cannot be loaded. */
        MODEL_UNAVAILABLE,
        /** Anything else (logged on the server with this message). */
        INTERNAL
    }

    private final Kind kind;

    public BackendException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public BackendException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** What kind of failure this is. */
    public Kind kind() {
        return kind;
    }

    /** A short heading for a notification. */
    public String title() {
        return switch (kind) {
            case BAD_IMAGE -> "Not a usable image";
            case TOO_LARGE -> "Image too large";
            case INVALID_REQUEST -> "Invalid setting";
            case BUSY -> "Server busy";
            case TIMEOUT -> "Took too long";
            case MODEL_UNAVAILABLE -> "Model unavailable";
            case INTERNAL -> "Something went wrong";
        };
    }
}
