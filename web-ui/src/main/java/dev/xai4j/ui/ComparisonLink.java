package dev.xai4j.ui;

import com.vaadin.flow.router.QueryParameters;
import dev.xai4j.explain.MethodRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A comparison as the page's address carries it, so that a link shows the same comparison:
 * {@code ?model=vit-tiny&sample=3&class=2&method=grad-cam;layer=2&method=attention-rollout;discard_ratio=0.9}.
 * The model by name, the sample scene by its number (uploads are not carried), the class explained
 * by index, and each tile's method with the parameters set, in order. Anything missing or unknown
 * falls back to what the page would show without it.
 *
 * @param model   the model's name, or null
 * @param sample  the sample's number from 1, or null (an upload, or none given)
 * @param target  the class index explained, or null (the top class)
 * @param methods the tiles' methods and parameters (as text), in order; empty for the model's defaults
 */
record ComparisonLink(String model, Integer sample, Integer target, List<Method> methods) {

    /**
     * One tile: a method id and its parameters as the address writes them.
     *
     * @param id         the method id
     * @param parameters parameter values as text, by name
     */
    record Method(String id, Map<String, String> parameters) {
        Method {
            parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        }
    }

    ComparisonLink {
        methods = List.copyOf(methods);
    }

    /** The link of these choices; parameters are written with {@code String.valueOf}. */
    static ComparisonLink of(String model, Integer sample, Integer target, List<MethodRequest> requests) {
        List<Method> methods = new ArrayList<>();
        for (MethodRequest r : requests) {
            Map<String, String> p = new LinkedHashMap<>();
            r.parameters().forEach((k, v) -> p.put(k, String.valueOf(v)));
            methods.add(new Method(r.method(), p));
        }
        return new ComparisonLink(model, sample, target, methods);
    }

    /** Reads a link from the address; unreadable parts are left out. */
    static ComparisonLink parse(QueryParameters query) {
        Map<String, List<String>> q = query.getParameters();
        List<Method> methods = new ArrayList<>();
        for (String m : q.getOrDefault("method", List.of())) {
            String[] parts = m.split(";");
            if (parts[0].isBlank()) {
                continue;
            }
            Map<String, String> p = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq > 0) {
                    p.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
                }
            }
            methods.add(new Method(parts[0].trim(), p));
        }
        return new ComparisonLink(first(q, "model"), number(first(q, "sample")), number(first(q, "class")), methods);
    }

    /** Whether the address said anything at all. */
    boolean isEmpty() {
        return model == null && sample == null && target == null && methods.isEmpty();
    }

    /** The address's query for this link. */
    QueryParameters query() {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (model != null) {
            q.put("model", List.of(model));
        }
        if (sample != null) {
            q.put("sample", List.of(String.valueOf(sample)));
        }
        if (target != null) {
            q.put("class", List.of(String.valueOf(target)));
        }
        List<String> ms = new ArrayList<>();
        for (Method m : methods) {
            StringBuilder b = new StringBuilder(m.id());
            m.parameters().forEach((k, v) -> b.append(';').append(k).append('=').append(v));
            ms.add(b.toString());
        }
        if (!ms.isEmpty()) {
            q.put("method", ms);
        }
        return new QueryParameters(q);
    }

    private static String first(Map<String, List<String>> q, String name) {
        List<String> v = q.get(name);
        return v == null || v.isEmpty() || v.get(0).isBlank() ? null : v.get(0).trim();
    }

    private static Integer number(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
