package dev.xai4j.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one tile shows: a group of methods that answer the same question (the explainers' own
 * {@code group()}), the tile switching between them. Everything comes from the explainers; the page
 * holds no table of method names.
 *
 * @param key      the group, stable across models
 * @param variants the group's methods that apply to the model, the first the tile starts with
 */
record MethodKind(String key, List<ComparisonBackend.MethodInfo> variants) {

    MethodKind {
        variants = List.copyOf(variants);
    }

    /** The variant the tile starts with. */
    ComparisonBackend.MethodInfo first() {
        return variants.get(0);
    }

    /** The tile's heading: its first variant's display name. */
    String title() {
        return first().displayName();
    }

    /** The variant of an id, if it is one of this kind. */
    java.util.Optional<ComparisonBackend.MethodInfo> variant(String id) {
        return variants.stream().filter(v -> v.id().equals(id)).findFirst();
    }

    /**
     * The kinds of a model's methods, in the order of each group's first method; within a group the
     * default methods (in their order) come first.
     */
    static List<MethodKind> of(ComparisonBackend.ModelDetails model) {
        Map<String, List<ComparisonBackend.MethodInfo>> groups = new LinkedHashMap<>();
        List<ComparisonBackend.MethodInfo> ordered = new ArrayList<>();
        for (String id : model.defaults()) {
            model.method(id).ifPresent(ordered::add);
        }
        model.methods().stream().filter(m -> !ordered.contains(m)).forEach(ordered::add);
        for (ComparisonBackend.MethodInfo m : model.methods()) {
            groups.computeIfAbsent(m.group(), g -> new ArrayList<>());
        }
        for (ComparisonBackend.MethodInfo m : ordered) {
            groups.get(m.group()).add(m);
        }
        return groups.entrySet().stream().map(e -> new MethodKind(e.getKey(), e.getValue())).toList();
    }

    /** The kinds the page opens with: those of the model's default methods, in their order. */
    static List<MethodKind> defaults(ComparisonBackend.ModelDetails model, List<MethodKind> kinds) {
        List<MethodKind> out = new ArrayList<>();
        for (String id : model.defaults()) {
            model.method(id).flatMap(m -> kinds.stream().filter(k -> k.key().equals(m.group())).findFirst())
                    .filter(k -> !out.contains(k)).ifPresent(out::add);
        }
        return out;
    }
}
