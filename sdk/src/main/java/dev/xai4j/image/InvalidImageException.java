package dev.xai4j.image;

/**
 * Input that cannot be used as an image; {@link #reason()} tells why, so that a server can answer
 * with the right status (415 for {@link Reason#NOT_AN_IMAGE}, 413 for {@link Reason#TOO_LARGE},
 * 422 for {@link Reason#UNDECODABLE}).
 */
public class InvalidImageException extends RuntimeException {

    /** Why the input was refused. */
    public enum Reason {
        /** The bytes are not PNG, JPEG, BMP or GIF (judged by content, not by name). */
        NOT_AN_IMAGE,
        /** The image has more pixels than allowed; refused before decoding. */
        TOO_LARGE,
        /** The header says image, but the data cannot be decoded (truncated, corrupt, unsupported variant). */
        UNDECODABLE
    }

    private final Reason reason;

    public InvalidImageException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public InvalidImageException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the input was refused. */
    public Reason reason() {
        return reason;
    }
}
