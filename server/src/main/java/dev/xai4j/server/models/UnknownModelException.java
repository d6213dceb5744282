package dev.xai4j.server.models;

import java.util.List;

/** A request named a model the server does not know. */
public class UnknownModelException extends RuntimeException {

    private final String name;

    public UnknownModelException(String name, List<String> known) {
        super("unknown model '" + name + "'; known: " + known);
        this.name = name;
    }

    /** The name asked for. */
    public String name() {
        return name;
    }
}
