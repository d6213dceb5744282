package dev.xai4j.model;

/**
 * A checkpoint that cannot be used: a missing, truncated or corrupt file, an unknown data type, a
 * missing tensor or a tensor of the wrong shape. The message names the file and, where one is
 * concerned, the tensor.
 */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
