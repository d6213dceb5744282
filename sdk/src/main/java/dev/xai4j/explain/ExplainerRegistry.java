package dev.xai4j.explain;

import dev.xai4j.model.ModelInfo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The explainers available to an engine: the built-in methods plus every {@link Explainer} that
 * {@link ServiceLoader} finds on the class path.
 */
public final class ExplainerRegistry {

    private final Map<String, Explainer> byId;

    private ExplainerRegistry(Map<String, Explainer> byId) {
        this.byId = Collections.unmodifiableMap(byId);
    }

    /** The built-in explainers and those registered through {@code META-INF/services}. */
    public static ExplainerRegistry load() {
        List<Explainer> all = new ArrayList<>(builtIns());
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        ServiceLoader.load(Explainer.class, cl == null ? ExplainerRegistry.class.getClassLoader() : cl).forEach(all::add);
        return of(all);
    }

    /** Exactly these explainers. */
    public static ExplainerRegistry of(List<Explainer> explainers) {
        Map<String, Explainer> m = new LinkedHashMap<>();
        for (Explainer e : explainers) {
            Explainer prev = m.putIfAbsent(e.id(), e);
            if (prev != null && prev.getClass() != e.getClass()) {
                throw new IllegalStateException("two explainers claim the id '" + e.id() + "': "
                        + prev.getClass().getName() + " and " + e.getClass().getName());
            }
        }
        return new ExplainerRegistry(m);
    }

    /** The methods that ship with the SDK. */
    public static List<Explainer> builtIns() {
        return List.of(new ClsAttentionExplainer(), new AttentionRolloutExplainer(), new GradCamExplainer(),
                new CamExplainer(), new HiResCamExplainer(), new GradCamElementWiseExplainer(),
                new GradCamPlusPlusExplainer(), new XGradCamExplainer(), new LayerCamExplainer(),
                new EigenCamExplainer(false), new EigenCamExplainer(true), new ScoreCamExplainer(),
                new AblationCamExplainer(), new CheferRelevanceExplainer(), new GradientExplainer(),
                new GradientExplainer(true), new IntegratedGradientsExplainer(), new SmoothGradExplainer(),
                new OcclusionExplainer(),
                new AttnLrpExplainer(dev.xai4j.model.GradientRules.ATTN_LRP),
                new AttnLrpExplainer(dev.xai4j.model.GradientRules.CP_LRP), new LrpExplainer());
    }

    /**
     * The explainer of an id.
     *
     * @throws ParameterException (parameter {@code method}) listing the known ids
     */
    public Explainer get(String id) {
        Explainer e = byId.get(id);
        if (e == null) {
            throw new ParameterException("method", "unknown method '" + id + "'; known: " + byId.keySet());
        }
        return e;
    }

    /** Every explainer, built-ins first. */
    public List<Explainer> all() {
        return List.copyOf(byId.values());
    }

    /** How many methods {@link #defaults} returns at most. */
    public static final int DEFAULT_COUNT = 4;

    /**
     * The methods shown when a user names none: the applicable ones with a {@link Explainer#defaultRank()},
     * best-ranked first, at most {@link #DEFAULT_COUNT}.
     */
    public List<Explainer> defaults(ModelInfo model) {
        return applicable(model).stream().filter(e -> e.defaultRank().isPresent())
                .sorted(java.util.Comparator.comparingInt(e -> e.defaultRank().getAsInt())).limit(DEFAULT_COUNT).toList();
    }

    /** The explainers that apply to a model. */
    public List<Explainer> applicable(ModelInfo model) {
        return byId.values().stream().filter(e -> e.unsupportedReason(model).isEmpty()).toList();
    }
}
