package dev.xai4j.server.models;

/**
 * A known model that cannot be loaded (a broken or missing checkpoint): a fault of the server's
 * set-up, not of the request. The cause carries the details for the log; the message is safe to show.
 */
public class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String name, Throwable cause) {
        super("model '" + name + "' cannot be loaded", cause);
    }
}
