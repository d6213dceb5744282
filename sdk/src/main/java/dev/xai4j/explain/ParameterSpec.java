package dev.xai4j.explain;

import java.util.List;

/**
 * One parameter an explainer takes: its type, default and allowed values. Ranges that depend on the
 * model (a layer index, a head index) are checked by the explainer against the model and described
 * in {@link #description()}.
 *
 * @param name         the parameter's name in requests ({@code snake_case})
 * @param type         its value type
 * @param defaultValue the value used when a request does not give one (Integer, Double, String or Boolean)
 * @param min          smallest allowed number (inclusive), or null
 * @param max          largest allowed number, or null
 * @param maxExclusive whether {@code max} itself is excluded
 * @param choices      allowed values of a {@link Type#CHOICE}; empty otherwise
 * @param description  what it does, for API listings and the UI
 */
public record ParameterSpec(String name, Type type, Object defaultValue, Double min, Double max, boolean maxExclusive,
                            List<String> choices, String description) {

    /** Value types. */
    public enum Type { INTEGER, NUMBER, CHOICE, BOOLEAN, TEXT }

    public ParameterSpec {
        choices = List.copyOf(choices);
    }

    /** An integer in [min, max]; null bounds mean unbounded (the explainer checks model-dependent ranges). */
    public static ParameterSpec integer(String name, int defaultValue, Integer min, Integer max, String description) {
        return new ParameterSpec(name, Type.INTEGER, defaultValue, min == null ? null : min.doubleValue(),
                max == null ? null : max.doubleValue(), false, List.of(), description);
    }

    /** A number in [min, max] (or [min, max) when {@code maxExclusive}). */
    public static ParameterSpec number(String name, double defaultValue, double min, double max, boolean maxExclusive,
                                       String description) {
        return new ParameterSpec(name, Type.NUMBER, defaultValue, min, max, maxExclusive, List.of(), description);
    }

    /** One of a fixed set of words. */
    public static ParameterSpec choice(String name, String defaultValue, List<String> choices, String description) {
        return new ParameterSpec(name, Type.CHOICE, defaultValue, null, null, false, choices, description);
    }

    /** Free text (e.g. a capture-point name); the explainer validates it. */
    public static ParameterSpec text(String name, String defaultValue, String description) {
        return new ParameterSpec(name, Type.TEXT, defaultValue, null, null, false, List.of(), description);
    }

    /** The allowed values in words, for error messages. */
    public String allowed() {
        return switch (type) {
            case CHOICE -> "one of " + choices;
            case BOOLEAN -> "true or false";
            case TEXT -> "text";
            case INTEGER, NUMBER -> (min == null ? "(-∞" : "[" + fmt(min)) + ", "
                    + (max == null ? "∞)" : fmt(max) + (maxExclusive ? ")" : "]"));
        };
    }

    private String fmt(double v) {
        return type == Type.INTEGER || v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
