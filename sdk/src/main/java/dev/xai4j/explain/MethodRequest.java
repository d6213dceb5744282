package dev.xai4j.explain;

import java.util.Map;

/**
 * One method to run, with its parameters (missing ones take their defaults).
 *
 * @param method     the explainer id, e.g. {@code attention-rollout}
 * @param parameters parameter name → value (numbers, strings or booleans)
 */
public record MethodRequest(String method, Map<String, Object> parameters) {

    public MethodRequest {
        parameters = Map.copyOf(parameters);
    }

    /** A method with default parameters. */
    public static MethodRequest of(String method) {
        return new MethodRequest(method, Map.of());
    }

    /** A method with parameters given as alternating names and values. */
    public static MethodRequest of(String method, Object... nameValues) {
        if (nameValues.length % 2 != 0) {
            throw new IllegalArgumentException("parameters come as name, value pairs");
        }
        Map<String, Object> p = new java.util.LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            p.put(nameValues[i].toString(), nameValues[i + 1]);
        }
        return new MethodRequest(method, p);
    }
}
