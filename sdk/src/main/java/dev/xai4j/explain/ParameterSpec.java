package dev.xai4j.explain;

import java.util.List;
import java.util.Map;

/**
 * One parameter an explainer takes: its type, default, allowed values and what it means. Ranges that
 * depend on the model (a block index, a head index) are checked by the explainer against the model;
 * {@link #meaning()} tells a UI or CLI how to offer them (a slider over the model's blocks, a choice of
 * heads, a choice of feature maps) without knowing the method.
 *
 * <p>One vocabulary across methods: {@code block} is a block index (negative from the end),
 * {@code head} a head index (−1: all heads fused), {@code layer} a feature map (a block index or a
 * feature-map capture point), {@code resolution} where relevance is read (the pixels or the model's
 * own grid). Names a method used before are still accepted ({@link #formerNames()}), and so are
 * former choice words ({@link #formerChoices()}); both are deprecated.
 *
 * @param name         the parameter's name in requests ({@code snake_case})
 * @param type         its value type
 * @param defaultValue the value used when a request does not give one (Integer, Double, String or Boolean)
 * @param min          smallest allowed number (inclusive), or null
 * @param max          largest allowed number, or null
 * @param maxExclusive whether {@code max} itself is excluded
 * @param choices      allowed values of a {@link Type#CHOICE}; empty otherwise
 * @param description  what it does, for API listings and the UI
 * @param meaning      what the value stands for on a model
 * @param formerNames  deprecated names of this parameter, still accepted in requests
 * @param formerChoices deprecated choice words → the current word, still accepted
 */
public record ParameterSpec(String name, Type type, Object defaultValue, Double min, Double max, boolean maxExclusive,
                            List<String> choices, String description, Meaning meaning, List<String> formerNames,
                            Map<String, String> formerChoices) {

    /** Value types. */
    public enum Type { INTEGER, NUMBER, CHOICE, BOOLEAN, TEXT }

    /** What a value stands for on a model, so that a UI can offer the model's own range. */
    public enum Meaning {
        /** A plain value: its type, range and choices say everything. */
        VALUE,
        /** A block index in [−blocks, blocks), negative counting from the end ({@code ModelInfo.depth()}). */
        BLOCK,
        /** An attention head index in [0, heads), or −1 for all heads fused. */
        HEAD,
        /**
         * A feature map: a block index (that block's feature map, {@code Capabilities.blockFeatureMap}) or
         * the name of a feature-map capture point; empty for the model's last feature map.
         */
        FEATURE_MAP
    }

    public ParameterSpec {
        choices = List.copyOf(choices);
        formerNames = List.copyOf(formerNames);
        formerChoices = Map.copyOf(formerChoices);
        meaning = meaning == null ? Meaning.VALUE : meaning;
    }

    private ParameterSpec(String name, Type type, Object defaultValue, Double min, Double max, boolean maxExclusive,
                          List<String> choices, String description, Meaning meaning) {
        this(name, type, defaultValue, min, max, maxExclusive, choices, description, meaning, List.of(), Map.of());
    }

    /** A block index, negative from the end (default {@code defaultValue}, e.g. −1: the last block). */
    public static ParameterSpec block(String name, int defaultValue, String description) {
        return new ParameterSpec(name, Type.INTEGER, defaultValue, null, null, false, List.of(), description, Meaning.BLOCK);
    }

    /** A head index, or −1 (the default) for all heads fused. */
    public static ParameterSpec head(String name, String description) {
        return new ParameterSpec(name, Type.INTEGER, -1, -1.0, null, false, List.of(), description, Meaning.HEAD);
    }

    /** A feature map: a block index or a feature-map capture point; empty (the default) for the last. */
    public static ParameterSpec featureMap(String name, String description) {
        return new ParameterSpec(name, Type.TEXT, "", null, null, false, List.of(), description, Meaning.FEATURE_MAP);
    }

    /** This parameter, also accepted under a deprecated name. */
    public ParameterSpec formerly(String formerName) {
        List<String> names = new java.util.ArrayList<>(formerNames);
        names.add(formerName);
        return new ParameterSpec(name, type, defaultValue, min, max, maxExclusive, choices, description, meaning, names,
                formerChoices);
    }

    /** This choice, also accepting deprecated words for some of its choices. */
    public ParameterSpec formerly(Map<String, String> formerWords) {
        Map<String, String> words = new java.util.HashMap<>(formerChoices);
        words.putAll(formerWords);
        return new ParameterSpec(name, type, defaultValue, min, max, maxExclusive, choices, description, meaning,
                formerNames, words);
    }

    /** An integer in [min, max]; null bounds mean unbounded (the explainer checks model-dependent ranges). */
    public static ParameterSpec integer(String name, int defaultValue, Integer min, Integer max, String description) {
        return new ParameterSpec(name, Type.INTEGER, defaultValue, min == null ? null : min.doubleValue(),
                max == null ? null : max.doubleValue(), false, List.of(), description, Meaning.VALUE);
    }

    /** A number in [min, max] (or [min, max) when {@code maxExclusive}). */
    public static ParameterSpec number(String name, double defaultValue, double min, double max, boolean maxExclusive,
                                       String description) {
        return new ParameterSpec(name, Type.NUMBER, defaultValue, min, max, maxExclusive, List.of(), description, Meaning.VALUE);
    }

    /** True or false. */
    public static ParameterSpec flag(String name, boolean defaultValue, String description) {
        return new ParameterSpec(name, Type.BOOLEAN, defaultValue, null, null, false, List.of(), description, Meaning.VALUE);
    }

    /** One of a fixed set of words. */
    public static ParameterSpec choice(String name, String defaultValue, List<String> choices, String description) {
        return new ParameterSpec(name, Type.CHOICE, defaultValue, null, null, false, choices, description, Meaning.VALUE);
    }

    /** Free text (e.g. a capture-point name); the explainer validates it. */
    public static ParameterSpec text(String name, String defaultValue, String description) {
        return new ParameterSpec(name, Type.TEXT, defaultValue, null, null, false, List.of(), description, Meaning.VALUE);
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
