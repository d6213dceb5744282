package dev.xai4j.explain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An explainer's parameters after defaults are filled in and every value is checked against its
 * {@link ParameterSpec}: integers as {@link Integer}, numbers as {@link Double}, choices and text as
 * {@link String}, booleans as {@link Boolean}.
 *
 * @param values parameter name → value, in the explainer's declaration order
 */
public record Parameters(Map<String, Object> values) {

    public Parameters {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * Fills defaults and validates {@code given} against {@code specs}.
     *
     * @throws ParameterException naming the parameter and what is allowed
     */
    public static Parameters resolve(String method, List<ParameterSpec> specs, Map<String, ?> given) {
        Map<String, Object> current = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : given.entrySet()) {
            String name = e.getKey();
            // a deprecated name counts as the parameter's current name
            ParameterSpec spec = specs.stream().filter(s -> s.name().equals(name) || s.formerNames().contains(name))
                    .findFirst().orElseThrow(() -> new ParameterException(name, "unknown parameter '" + name + "' for "
                            + method + "; known: " + specs.stream().map(ParameterSpec::name).toList()));
            if (current.containsKey(spec.name())) {
                throw new ParameterException(name, "parameter '" + spec.name() + "' of " + method
                        + " is given twice (once under its former name '" + name + "' or '" + spec.name() + "')");
            }
            Object v = e.getValue();
            if (v != null && spec.formerChoices().containsKey(v.toString().trim().toLowerCase(Locale.ROOT))) {
                v = spec.formerChoices().get(v.toString().trim().toLowerCase(Locale.ROOT));
            }
            current.put(spec.name(), v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (ParameterSpec s : specs) {
            Object v = current.get(s.name());
            out.put(s.name(), v == null ? s.defaultValue() : convert(method, s, v));
        }
        return new Parameters(out);
    }

    private static Object convert(String method, ParameterSpec s, Object v) {
        String where = "parameter '" + s.name() + "' of " + method;
        switch (s.type()) {
            case INTEGER, NUMBER -> {
                double d;
                if (v instanceof Number n) {
                    d = n.doubleValue();
                } else {
                    try {
                        d = Double.parseDouble(v.toString().trim());
                    } catch (NumberFormatException e) {
                        throw new ParameterException(s.name(), where + " must be a number, got '" + v + "'");
                    }
                }
                if (s.type() == ParameterSpec.Type.INTEGER && d != Math.rint(d)) {
                    throw new ParameterException(s.name(), where + " must be an integer, got " + v);
                }
                boolean below = s.min() != null && d < s.min();
                boolean above = s.max() != null && (s.maxExclusive() ? d >= s.max() : d > s.max());
                if (below || above || Double.isNaN(d)) {
                    throw new ParameterException(s.name(), where + " = " + v + " is out of range " + s.allowed());
                }
                return s.type() == ParameterSpec.Type.INTEGER ? (Object) (int) d : (Object) d;
            }
            case CHOICE -> {
                String w = v.toString().trim().toLowerCase(Locale.ROOT);
                if (!s.choices().contains(w)) {
                    throw new ParameterException(s.name(), where + " = '" + v + "' is not " + s.allowed());
                }
                return w;
            }
            case BOOLEAN -> {
                if (v instanceof Boolean b) {
                    return b;
                }
                String w = v.toString().trim().toLowerCase(Locale.ROOT);
                if (!w.equals("true") && !w.equals("false")) {
                    throw new ParameterException(s.name(), where + " must be true or false, got '" + v + "'");
                }
                return Boolean.parseBoolean(w);
            }
            default -> {
                return v.toString();
            }
        }
    }

    /** An integer parameter. */
    public int integer(String name) {
        return (Integer) require(name);
    }

    /** A number parameter. */
    public double number(String name) {
        return ((Number) require(name)).doubleValue();
    }

    /** A choice or text parameter. */
    public String text(String name) {
        return require(name).toString();
    }

    /** A boolean parameter. */
    public boolean bool(String name) {
        return (Boolean) require(name);
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; have " + values.keySet());
        }
        return v;
    }

    /**
     * Resolves an index that may count from the end (−1 = last) into [0, count).
     *
     * @throws ParameterException naming the parameter and the allowed range
     */
    public int index(String name, int count, String what) {
        int i = integer(name);
        if (i < -count || i >= count) {
            throw new ParameterException(name, "parameter '" + name + "' = " + i + " is out of range [" + (-count)
                    + ", " + (count - 1) + "] for a model with " + count + " " + what);
        }
        return i < 0 ? count + i : i;
    }
}
