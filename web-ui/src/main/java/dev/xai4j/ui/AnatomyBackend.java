package dev.xai4j.ui;

import dev.xai4j.anatomy.AnatomyFigures;
import dev.xai4j.anatomy.ViTAnatomy;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.Prediction;

import java.util.Map;

/**
 * What the anatomy page needs from the application that hosts it, beyond what the comparison page
 * needs (models, decoding): the inside of a ViT on one image. The server implements it on its model
 * cache and bounded inference pool, as it does the REST API's {@code POST /api/v1/anatomy}.
 *
 * <p>Every method may block: the view calls them off the UI thread. Failures the user should see are
 * {@link BackendException}s.
 */
public interface AnatomyBackend extends ComparisonBackend {

    /**
     * One image seen by a ViT.
     *
     * @param model      the model's name
     * @param views      every view of the forward pass (attention, distances, position embeddings, CLS token)
     * @param prediction the model's best classes from the same pass
     * @param figures    {@link AnatomyFigures#standardSet} of {@code views}: PNG bytes by the names given there
     *                   (the figures that do not depend on a choice are taken from here, drawn where the pass ran)
     */
    record Anatomy(String model, ViTAnatomy views, Prediction prediction, Map<String, byte[]> figures) {
        public Anatomy {
            figures = Map.copyOf(figures);
        }
    }

    /**
     * The anatomy of a decoded image: one forward pass and the standard figures.
     *
     * @throws BackendException {@link BackendException.Kind#INVALID_REQUEST} if the model lacks what the
     *                          views read ("anatomy views need a CLS token; model X (ViT) has none"), or
     *                          another kind if the model is unavailable or the server busy or too slow
     */
    Anatomy anatomy(String model, RgbImage image);
}
