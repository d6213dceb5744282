package dev.xai4j.ui;

import dev.xai4j.model.Architecture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the page names and groups explanation methods. A tile shows one <em>kind</em> of explanation;
 * a kind may have variants the tile can switch between (the "LRP-style relevance" tile runs AttnLRP
 * by default and can switch to CP-LRP or Chefer's gradient-weighted attention). Methods the catalog
 * does not know (third-party explainers) become kinds of their own, titled by their id.
 */
final class MethodCatalog {

    /**
     * A kind of tile.
     *
     * @param key      stable key
     * @param title    tile heading
     * @param variants method ids, the default first
     */
    record Kind(String key, String title, List<String> variants) {
    }

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        kind("cls-attention", "CLS attention", "cls-attention");
        kind("lrp-style", "LRP-style relevance", "attnlrp", "cp-lrp", "chefer-relevance");
        kind("grad-cam", "Grad-CAM", "grad-cam");
        kind("attention-rollout", "Attention rollout", "attention-rollout");
        kind("cam", "CAM", "cam");
        kind("input-x-gradient", "Input × gradient", "input-x-gradient");
        kind("integrated-gradients", "Integrated gradients", "integrated-gradients");
        kind("lrp", "LRP (ε / z⁺ / flat)", "lrp");
        kind("gradient", "Gradient (saliency)", "gradient");
        kind("smoothgrad", "SmoothGrad", "smoothgrad");
        NAMES.put("cls-attention", "CLS attention");
        NAMES.put("attnlrp", "AttnLRP");
        NAMES.put("cp-lrp", "CP-LRP");
        NAMES.put("chefer-relevance", "Chefer (grad × attention)");
        NAMES.put("grad-cam", "Grad-CAM");
        NAMES.put("attention-rollout", "Attention rollout");
        NAMES.put("cam", "CAM");
        NAMES.put("input-x-gradient", "Input × gradient");
        NAMES.put("integrated-gradients", "Integrated gradients");
        NAMES.put("lrp", "LRP");
        NAMES.put("gradient", "Gradient");
        NAMES.put("smoothgrad", "SmoothGrad");
    }

    private MethodCatalog() {
    }

    private static void kind(String key, String title, String... variants) {
        KINDS.put(key, new Kind(key, title, List.of(variants)));
    }

    /** The default tiles of an architecture, as kind keys. */
    static List<String> defaults(Architecture architecture) {
        return architecture == Architecture.VIT
                ? List.of("cls-attention", "lrp-style", "grad-cam", "attention-rollout")
                : List.of("grad-cam", "cam", "input-x-gradient", "integrated-gradients");
    }

    /** A short display name of a method id. */
    static String name(String method) {
        return NAMES.getOrDefault(method, method);
    }

    /**
     * The kinds whose variants include at least one applicable method, each with only its applicable
     * variants; then a kind per applicable method no kind covers.
     */
    static List<Kind> kinds(List<String> applicable) {
        List<Kind> out = new ArrayList<>();
        List<String> covered = new ArrayList<>();
        for (Kind k : KINDS.values()) {
            List<String> v = k.variants().stream().filter(applicable::contains).toList();
            if (!v.isEmpty()) {
                out.add(new Kind(k.key(), k.title(), v));
                covered.addAll(v);
            }
        }
        for (String id : applicable) {
            if (!covered.contains(id)) {
                out.add(new Kind(id, id, List.of(id)));
            }
        }
        return out;
    }
}
