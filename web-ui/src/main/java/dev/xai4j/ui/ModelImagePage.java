package dev.xai4j.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.select.SelectVariant;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.ModelInfo;

/**
 * A page about one model and one image, as the comparison and anatomy pages are: the model choice of
 * the toolbar, the {@link ImagePicker}, the work off the UI thread ({@link PendingWork}) and what they
 * share through {@link LastChoice}. Loading a model (described by the backend off the UI thread)
 * redraws the samples at its input size and chooses the image again; every new model or image
 * advances {@link #generation}, so that results of older work can be told apart and dropped.
 *
 * <p>The root carries {@code data-model} and {@code data-image} (the names shown now) and
 * {@code data-pending} (work under way) for tests and scripts.
 */
abstract class ModelImagePage extends Div {

    private static final long serialVersionUID = 1L;

    private final transient ComparisonBackend backend;
    /** The page's work off the UI thread. */
    final PendingWork work = new PendingWork(this, this::updateStatus);
    /** Where the image comes from. */
    final ImagePicker picker;
    /** The model choice, for the page's toolbar. */
    final Select<String> modelSelect = new Select<>();
    /** The model shown, once loaded. */
    ComparisonBackend.ModelDetails model;
    /** Changes with every new model or image. */
    int generation;
    private final String css;
    private final String cssId;

    /**
     * @param id    the root's id
     * @param css   rules the page needs beyond inline styles (hover, narrow windows), added once
     */
    ModelImagePage(ComparisonBackend backend, String id, String css) {
        this.backend = backend;
        this.picker = new ImagePicker(backend, work, this::picked);
        this.css = css;
        this.cssId = "xai4j-" + id + "-style";
        setId(id);
        getStyle().set("box-sizing", "border-box").set("min-height", "100vh").set("padding", "10px 12px 24px")
                .set("background", "var(--lumo-contrast-5pct)").set("display", "flex").set("flex-direction", "column")
                .set("gap", "12px");
        modelSelect.setId("model");
        modelSelect.setAriaLabel("Model");
        modelSelect.addThemeVariants(SelectVariant.LUMO_SMALL);
        modelSelect.setWidth("150px");
        modelSelect.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                loadModel(e.getValue());
            }
        });
    }

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        if (!event.isInitialAttach()) {
            return;
        }
        Blocks.css(event.getUI(), cssId, css);
        String first = LastChoice.fillModels(backend, modelSelect, this::offers);
        String wanted = preferredModel();
        if (wanted != null && modelSelect.getListDataView().getItems().anyMatch(wanted::equals)) {
            first = wanted;
        }
        modelSelect.setValue(first);
        loadModel(first);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        generation++;
        super.onDetach(event);
    }

    /** Loads a model off the UI thread; on failure the model shown before stays chosen. */
    final void loadModel(String name) {
        int gen = ++generation;
        modelSelect.setEnabled(false);
        loading(name);
        work.run(() -> backend.describe(name), details -> {
            modelSelect.setEnabled(true);
            if (gen != generation) {
                return;
            }
            model = details;
            LastChoice.model(details.name());
            getElement().setAttribute("data-model", details.name());
            modelChanged(details);
            ModelInfo info = details.info();
            picker.samples(Math.min(info.inputHeight(), info.inputWidth()));
            picker.repick(preferredSample());
        }, e -> {
            modelSelect.setEnabled(true);
            Blocks.report(e);
            if (model != null) {
                modelSelect.setValue(model.name());
            }
            loadFailed();
        });
    }

    /** The picker chose an image (a sample, an upload, or the same again for a new model). */
    private void picked(String name, RgbImage image, int sample) {
        generation++;
        getElement().setAttribute("data-image", name);
        picker.mark(name, image, sample);
        if (model != null) {
            LastChoice.image(model.name(), name, image, sample);
        }
        imageChanged(name, image, sample);
    }

    /** A model to show first rather than the one chosen last (a shared link), or null. */
    String preferredModel() {
        return null;
    }

    /** A sample (index from 0) to show first rather than the image chosen last (a shared link), or null. */
    Integer preferredSample() {
        return null;
    }

    /** Whether the page lists this model (all by default). */
    boolean offers(ComparisonBackend.ModelChoice model) {
        return true;
    }

    /** A model starts loading: show that the page is busy. */
    abstract void loading(String name);

    /** A model was loaded ({@link #model}); the image is chosen again right after. */
    void modelChanged(ComparisonBackend.ModelDetails details) {
        // nothing by default: a page that shows only what the image gives waits for imageChanged
    }

    /** Loading a model failed (already reported); {@link #model} is the one shown before, or null. */
    abstract void loadFailed();

    /** A new image to show with {@link #model}: compute what the page shows. */
    abstract void imageChanged(String name, RgbImage image, int sample);

    /** Work started or ended: update the status line. */
    abstract void updateStatus();
}
