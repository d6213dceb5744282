package dev.xai4j.server.inference;

import java.time.Duration;

/** Every inference thread is busy and the queue is full: the request is refused (503). */
public class OverloadedException extends RuntimeException {

    private final Duration retryAfter;

    public OverloadedException(int queueSize, Duration retryAfter) {
        super("the server is busy: all inference threads are working and " + queueSize
                + " requests are already waiting; retry later");
        this.retryAfter = retryAfter;
    }

    /** When the client may retry. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
