package dev.xai4j.server.inference;

import java.time.Duration;

/** A request waited and ran longer than the per-request timeout (504). */
public class InferenceTimeoutException extends RuntimeException {

    public InferenceTimeoutException(Duration timeout) {
        super("the request did not complete within " + timeout.toMillis() + " ms");
    }
}
