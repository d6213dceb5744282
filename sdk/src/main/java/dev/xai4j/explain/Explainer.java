package dev.xai4j.explain;

import dev.xai4j.model.ModelInfo;

import java.util.List;
import java.util.Optional;

/**
 * An explanation method: the service-provider interface of xai4j.
 *
 * <p>An explainer never runs the model for the shared pass itself. It declares what it needs
 * ({@link #requirements}: capture points and gradients), the engine runs ONE forward and at most ONE
 * backward pass for all methods requested for a batch of images, and then asks each explainer to
 * {@link #explain} one image and target from the pass's values. Methods that need several passes by
 * nature (integrated gradients, SmoothGrad) run batched passes through {@link ExplainContext#run}.
 *
 * <p>Third-party explainers are found with {@link java.util.ServiceLoader}: list the implementing
 * class in {@code META-INF/services/dev.xai4j.explain.Explainer} of your jar. Implementations must
 * be stateless and thread-safe.
 */
public interface Explainer {

    /** The stable method id used in requests, e.g. {@code grad-cam}. */
    String id();

    /** A one-line description for listings. */
    String description();

    /** A short name for display, e.g. {@code Grad-CAM}; the id by default. */
    default String displayName() {
        return id();
    }

    /**
     * Whether the map depends on the target class. False for methods that read what the model attends
     * to whatever it decides (CLS attention, attention rollout): a UI says so instead of naming a class.
     */
    default boolean classSpecific() {
        return true;
    }

    /**
     * Methods that answer the same question in different ways share a group, so that a UI can offer them
     * as variants of one view (AttnLRP, CP-LRP, Chefer's relevance and the CNN composites: {@code relevance}).
     * The method's own id by default.
     */
    default String group() {
        return id();
    }

    /**
     * Where this method stands among those shown when a user names none (lower first), or empty if it
     * is not shown by default. {@link ExplainerRegistry#defaults} takes the best-ranked that apply.
     */
    default java.util.OptionalInt defaultRank() {
        return java.util.OptionalInt.empty();
    }

    /** Whether the method needs only the shared pass (false: it runs many passes of its own, e.g. integrated gradients). */
    default boolean singlePass() {
        return true;
    }

    /** The parameters this method takes. */
    List<ParameterSpec> parameters();

    /** Why this method does not apply to a model (e.g. rollout on a ResNet), or empty if it applies. */
    Optional<String> unsupportedReason(ModelInfo model);

    /**
     * What the shared pass must provide for these parameters on this model.
     *
     * @throws ParameterException if a parameter is invalid for this model (a layer out of range, …)
     */
    Requirements requirements(ModelInfo model, Parameters parameters);

    /** Computes the attribution of one image for one target. */
    Attribution explain(ExplainContext context, Parameters parameters);
}
