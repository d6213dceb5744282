package dev.xai4j.image;

/**
 * Input that cannot be used as an image; {@link #reason()} tells why, so that a server can answer
 * with the right status (415 for {@link Reason#NOT_AN_IMAGE} and {@link Reason#UNSUPPORTED_FORMAT},
 * 413 for {@link Reason#TOO_LARGE}, 422 for {@link Reason#TRUNCATED} and {@link Reason#UNDECODABLE}).
 */
public class InvalidImageException extends RuntimeException {

    /** Why the input was refused. */
    public enum Reason {
        /** The bytes are not an image of any format known (judged by content, not by name). */
        NOT_AN_IMAGE,
        /** An image, but of a format that is not decoded (WebP, TIFF, HEIF/AVIF, …): only PNG, JPEG, BMP and GIF are. */
        UNSUPPORTED_FORMAT,
        /** The image has more pixels than allowed; refused before decoding. */
        TOO_LARGE,
        /** The image's data ends before the image does (a partial upload or download). */
        TRUNCATED,
        /** The header says image, but the data cannot be decoded (corrupt, unsupported variant). */
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
