package dev.xai4j.ui;

import dev.xai4j.explain.ExplainResult;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.ParameterSpec;
import dev.xai4j.explain.Target;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Prediction;

import java.util.List;

/**
 * What the comparison page needs from the application that hosts it: the models, and predictions and
 * explanations of decoded images. The server implements it as a CDI bean on top of its model cache and
 * bounded inference pool; the view gets it injected.
 *
 * <p>Every method may block (loading a model, waiting for a free inference thread): the view calls them
 * off the UI thread. Failures the user should see are {@link BackendException}s.
 */
public interface ComparisonBackend {

    /**
     * A model the user can choose.
     *
     * @param name      its name (what the server's API calls it)
     * @param isDefault whether it is the server's default model
     */
    record ModelChoice(String name, boolean isDefault) {
    }

    /**
     * One explanation method that applies to a model.
     *
     * @param id            the explainer id, e.g. {@code attention-rollout}
     * @param displayName   its name for display
     * @param description   a one-line description
     * @param classSpecific whether its map depends on the target class
     * @param group         methods of one group are variants of one tile
     * @param parameters    the parameters it takes
     */
    record MethodInfo(String id, String displayName, String description, boolean classSpecific, String group,
                      List<ParameterSpec> parameters) {
        public MethodInfo {
            parameters = List.copyOf(parameters);
        }
    }

    /**
     * A model and the methods that apply to it.
     *
     * @param info     what the model is and has (input size, labels, capabilities, capture points)
     * @param methods  the applicable explainers, in the registry's order
     * @param defaults the ids of the methods shown when the page opens, in order
     */
    record ModelDetails(String name, ModelInfo info, List<MethodInfo> methods, List<String> defaults) {
        public ModelDetails {
            methods = List.copyOf(methods);
            defaults = List.copyOf(defaults);
        }

        /** The method of an id, if it applies. */
        public java.util.Optional<MethodInfo> method(String id) {
            return methods.stream().filter(m -> m.id().equals(id)).findFirst();
        }
    }

    /** The models, the default first. */
    List<ModelChoice> models();

    /**
     * What a model is, if the server has loaded it before (this never loads one): lets a page leave
     * out models it knows cannot show what it shows.
     */
    default java.util.Optional<ModelInfo> knownInfo(String model) {
        return java.util.Optional.empty();
    }

    /**
     * A model with its applicable methods (loads it if needed).
     *
     * @throws BackendException if it is unknown or cannot be loaded, or the server is busy
     */
    ModelDetails describe(String model);

    /** Largest encoded image accepted, in bytes. */
    long maxImageBytes();

    /**
     * Decodes an uploaded image (PNG, JPEG, BMP, GIF; judged by content).
     *
     * @param name the file name, for messages
     * @throws BackendException {@link BackendException.Kind#BAD_IMAGE} or {@link BackendException.Kind#TOO_LARGE}
     */
    RgbImage decode(String name, byte[] bytes);

    /**
     * The model's top classes for an image.
     *
     * @throws BackendException if the server is busy, times out, or the model fails
     */
    Prediction predict(String model, RgbImage image, int topK);

    /**
     * Explains one image with several methods for one target, in one shared pass.
     *
     * @return the SDK result: one image, its prediction and one explanation per method, in order
     * @throws BackendException if a parameter or the target is invalid, the server is busy, or times out
     */
    ExplainResult explain(String model, RgbImage image, List<MethodRequest> methods, Target target, int topK);
}
