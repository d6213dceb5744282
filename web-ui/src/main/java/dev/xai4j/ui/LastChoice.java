package dev.xai4j.ui;

import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.server.VaadinSession;
import dev.xai4j.image.RgbImage;

import java.util.List;
import java.util.Optional;

/**
 * The model and image chosen last on any page of this browser session, so that moving from the
 * comparison page to the anatomy page (or back) keeps them, uploads included. Kept in the
 * {@link VaadinSession}; read and written on the UI thread (which holds the session's lock).
 *
 * @param model  the model's name
 * @param image  the image, or null before any was chosen
 * @param name   the image's file or sample name
 * @param sample the sample's index, or −1 for an upload
 */
record LastChoice(String model, RgbImage image, String name, int sample) {

    /** The last choice of this session, if any. */
    static Optional<LastChoice> recall() {
        VaadinSession s = VaadinSession.getCurrent();
        return s == null ? Optional.empty() : Optional.ofNullable(s.getAttribute(LastChoice.class));
    }

    /**
     * Fills a page's model choice with every model, the default first, and returns the model to show
     * first: the one chosen last in this session if it is still served, else the default.
     */
    static String fillModels(ComparisonBackend backend, Select<String> select,
                             java.util.function.Predicate<ComparisonBackend.ModelChoice> offered) {
        List<ComparisonBackend.ModelChoice> all = backend.models();
        List<ComparisonBackend.ModelChoice> models = all.stream().filter(offered).toList();
        if (models.isEmpty()) {
            models = all;
        }
        List<String> names = models.stream().map(ComparisonBackend.ModelChoice::name).toList();
        select.setItems(names);
        String def = models.stream().filter(ComparisonBackend.ModelChoice::isDefault).findFirst()
                .orElse(models.get(0)).name();
        return recall().map(LastChoice::model).filter(names::contains).orElse(def);
    }

    /** Remembers a model; the image stays. */
    static void model(String model) {
        LastChoice c = recall().orElse(null);
        store(new LastChoice(model, c == null ? null : c.image, c == null ? null : c.name, c == null ? 0 : c.sample));
    }

    /** Remembers an image with the model it is shown with. */
    static void image(String model, String name, RgbImage image, int sample) {
        store(new LastChoice(model, image, name, sample));
    }

    private static void store(LastChoice c) {
        VaadinSession s = VaadinSession.getCurrent();
        if (s != null) {
            s.setAttribute(LastChoice.class, c);
        }
    }

    /** Whether the image was an upload rather than a sample. */
    boolean uploaded() {
        return image != null && sample < 0;
    }
}
