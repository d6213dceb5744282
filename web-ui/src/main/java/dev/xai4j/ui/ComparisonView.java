package dev.xai4j.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.select.SelectVariant;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.UploadI18N;
import com.vaadin.flow.function.SerializableConsumer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.UploadHandler;
import dev.xai4j.data.Scene;
import dev.xai4j.data.SceneGenerator;
import dev.xai4j.explain.Explanation;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.explain.ImageExplanations;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.Target;
import dev.xai4j.image.RgbImage;
import dev.xai4j.render.Colormap;
import dev.xai4j.render.RenderOptions;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Root view ({@code /}): one image, one model, several explanation methods side by side.
 *
 * <p>Left: the image (upload or drop a file, or pick a generated sample scene) and the prediction,
 * whose classes (or any label typed in the combo box) choose the class explained. Right: one tile per
 * method, each with its own parameters, and the agreement of the maps. Changing the image, model or
 * class recomputes every tile in one shared pass; changing a tile's parameters recomputes that tile.
 * All model work runs off the UI thread (the page polls while any is under way) and ends in the
 * server's bounded inference pool; failures become notifications.
 */
@Route("")
@PageTitle("xai4j — explanation comparison")
public class ComparisonView extends Div implements MethodTile.Listener {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ComparisonView.class.getName());

    /** Title shown at the top of the view. */
    public static final String TITLE = "xai4j — explanation comparison";

    /** Side of the tile pictures, in pixels. */
    static final int DISPLAY = 214;
    /** Downloaded overlays are at least this large (small model inputs are enlarged) ... */
    static final int EXPORT_MIN = 512;
    /** ... and at most this large. */
    static final int EXPORT_MAX = 1024;
    /** Uploads larger than this are shrunk before they are kept and explained. */
    static final int KEEP_MAX = 2048;
    /** Sample scenes offered. */
    static final int SAMPLES = 6;
    /** Seed of the sample scenes: the same scenes on every visit. */
    static final long SAMPLE_SEED = 2024;
    /** Classes listed in the prediction. */
    static final int TOP_K = 5;
    /** Poll interval while work is under way, in ms. */
    static final int POLL_MS = 250;
    /**
     * The few rules inline styles cannot express (hover, focus, narrow windows), added to the page
     * once: a stylesheet of its own would need a theme and a frontend build.
     */
    private static final String CSS = """
            .xai-class:hover { background: var(--lumo-contrast-5pct); }
            .xai-class:focus-visible, .xai-sample:focus-visible { outline: 2px solid var(--lumo-primary-color) !important; }
            .xai-sample:hover { filter: brightness(1.1); }
            @media (max-width: 640px) {
              #comparison { padding: 8px 8px 16px !important; }
              #tiles { justify-content: center; }
            }
            """;

    private final transient ComparisonBackend backend;

    private final Select<String> modelSelect = new Select<>();
    private final Select<Colormap> colormap = new Select<>();
    private final Slider opacity = new Slider("opacity", 0, 1, 0.05, 2, 0.5);
    private final Upload upload = new Upload();
    private final Div samples = new Div();
    private final Span imageInfo = new Span();
    private final PredictionPanel prediction = new PredictionPanel(this::explainClass);
    private final Select<MethodCatalog.Kind> addMethod = new Select<>();
    private final Span status = new Span();
    private final Div tiles = new Div();
    private final AgreementTable agreement = new AgreementTable();

    private ComparisonBackend.ModelDetails model;
    /** The image explained now, or null. */
    private Picture picture;
    private List<Scene> scenes = List.of();
    /** The class rule of the next full computation. */
    private Target target = Target.top();
    /** The class the tiles explain, once known. */
    private Integer explained;
    private final List<MethodTile> tileList = new ArrayList<>();
    /** Changes with every new image or model: results of older work are dropped. */
    private int generation;
    private int pending;

    /**
     * The image being explained.
     *
     * @param name    file name or sample name
     * @param image   the image as explained (uploads over {@link #KEEP_MAX} pixels are shrunk)
     * @param display the image at tile size
     * @param export  the image at download size
     * @param sample  the sample's index, or -1 for an upload
     */
    private record Picture(String name, RgbImage image, RgbImage display, RgbImage export, int sample) {
    }

    @Inject
    public ComparisonView(ComparisonBackend backend) {
        this.backend = backend;
        setId("comparison");
        getStyle().set("box-sizing", "border-box").set("min-height", "100vh").set("padding", "10px 12px 24px")
                .set("background", "var(--lumo-contrast-5pct)").set("display", "flex").set("flex-direction", "column")
                .set("gap", "12px");
        add(header(), body());
    }

    // ---------------------------------------------------------------------------------------- layout

    private Component header() {
        H1 title = new H1("xai4j");
        title.setId("title");
        title.getElement().setAttribute("title", TITLE);
        title.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("margin", "0").set("line-height", "1");
        Span subtitle = new Span("explanation comparison");
        subtitle.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Div brand = new Div(title, subtitle);
        brand.getStyle().set("display", "flex").set("align-items", "baseline").set("gap", "8px").set("flex", "1 1 auto")
                .set("margin-right", "auto");

        modelSelect.setId("model");
        modelSelect.setAriaLabel("Model");
        modelSelect.addThemeVariants(SelectVariant.LUMO_SMALL);
        modelSelect.setWidth("150px");
        modelSelect.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                loadModel(e.getValue());
            }
        });

        colormap.setId("colormap");
        colormap.setAriaLabel("Colour scale");
        colormap.setItems(Colormap.JET, Colormap.VIRIDIS, Colormap.INFERNO, Colormap.TURBO, Colormap.GREY);
        colormap.setItemLabelGenerator(c -> c.name().toLowerCase(Locale.ROOT));
        colormap.setValue(Colormap.JET);
        colormap.addThemeVariants(SelectVariant.LUMO_SMALL);
        colormap.setWidth("110px");
        colormap.setTooltipText("Colour scale of non-negative maps; signed maps are always blue–white–red");
        colormap.addValueChangeListener(e -> restyle());

        opacity.setId("opacity");
        opacity.setWidth("180px");
        opacity.setTitle("Opacity of the maps over the image");
        opacity.onChange(v -> restyle());

        Div controls = new Div(labelled("Model", modelSelect), labelled("Colours", colormap), opacity);
        controls.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("align-items", "center").set("gap", "4px 18px");
        Div bar = new Div(brand, controls);
        bar.setId("toolbar");
        bar.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("align-items", "center").set("gap", "4px 16px")
                .set("padding", "6px 12px").set("background", "var(--lumo-base-color)")
                .set("border-radius", "var(--lumo-border-radius-l)").set("box-shadow", "var(--lumo-box-shadow-xs)");
        return bar;
    }

    private static Div labelled(String text, Component field) {
        Span label = new Span(text);
        label.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        Div d = new Div(label, field);
        d.getStyle().set("display", "flex").set("align-items", "center").set("gap", "6px");
        return d;
    }

    private Component body() {
        Div side = new Div(imagePanel(), predictionPanel());
        side.setId("side");
        side.getStyle().set("flex", "1 1 256px").set("max-width", "100%").set("display", "flex")
                .set("flex-direction", "column").set("gap", "12px").set("min-width", "0");
        Div main = new Div(methodsBar(), tiles, card(agreement));
        main.setId("main");
        main.getStyle().set("flex", "999 1 0").set("min-width", "min(100%, 620px)").set("display", "flex")
                .set("flex-direction", "column").set("gap", "12px");
        tiles.setId("tiles");
        tiles.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "10px").set("align-items", "stretch");
        Div body = new Div(side, main);
        body.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "14px").set("align-items", "flex-start");
        return body;
    }

    private Component imagePanel() {
        upload.setId("upload");
        upload.setMaxFiles(1);
        upload.setDropAllowed(true);
        upload.setAcceptedFileTypes("image/png", "image/jpeg", "image/bmp", "image/gif", ".png", ".jpg", ".jpeg", ".bmp", ".gif");
        upload.setWidthFull();
        UploadI18N i18n = new UploadI18N();
        i18n.setAddFiles(new UploadI18N.AddFiles().setOne("Choose image…"));
        i18n.setDropFiles(new UploadI18N.DropFiles().setOne("or drop one here"));
        i18n.setError(new UploadI18N.Error().setTooManyFiles("One image at a time.")
                .setFileIsTooBig("The image is larger than the limit.")
                .setIncorrectFileType("Not an image file (PNG, JPEG, BMP or GIF)."));
        upload.setI18n(i18n);
        upload.getStyle().set("padding", "6px").set("box-sizing", "border-box");
        upload.addFileRejectedListener(e -> {
            String msg = e.getErrorMessage();
            boolean big = msg != null && msg.toLowerCase(Locale.ROOT).contains("larger");
            notifyError(big ? "Image too large" : "Not an image",
                    e.getFileName() + ": " + (big ? "larger than the limit of " + megabytes(backend.maxImageBytes())
                            : "only PNG, JPEG, BMP and GIF images can be explained."));
        });

        samples.setId("samples");
        samples.getStyle().set("display", "grid").set("grid-template-columns", "repeat(3, 1fr)").set("gap", "6px");

        imageInfo.setId("image-info");
        imageInfo.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)")
                .set("overflow-wrap", "anywhere");

        Div panel = new Div(sectionTitle("Image"), upload, sectionHint("Samples (generated scenes)"), samples, imageInfo);
        panel.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "6px");
        return card(panel);
    }

    private Component predictionPanel() {
        Div panel = new Div(sectionTitle("Prediction"), prediction);
        panel.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "4px");
        return card(panel);
    }

    private Component methodsBar() {
        addMethod.setId("add-method");
        addMethod.setPlaceholder("Add a method…");
        addMethod.setAriaLabel("Add a method");
        addMethod.addThemeVariants(SelectVariant.LUMO_SMALL);
        addMethod.setItemLabelGenerator(k -> k == null ? "" : k.title());
        addMethod.setWidth("220px");
        addMethod.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                MethodTile t = addTile(e.getValue());
                addMethod.clear();
                recomputeTile(t);
            }
        });
        status.setId("status");
        status.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)")
                .set("flex", "1 1 200px");
        Div bar = new Div(status, addMethod);
        bar.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("align-items", "center").set("gap", "6px 12px");
        return bar;
    }

    private static Div card(Component content) {
        Div card = new Div(content);
        card.getStyle().set("background", "var(--lumo-base-color)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("box-shadow", "var(--lumo-box-shadow-xs)").set("padding", "10px 12px").set("box-sizing", "border-box");
        return card;
    }

    private static Span sectionTitle(String text) {
        Span s = new Span(text);
        s.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-s)");
        return s;
    }

    private static Span sectionHint(String text) {
        Span s = new Span(text);
        s.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
        return s;
    }

    // ---------------------------------------------------------------------------------------- lifecycle

    @Override
    protected void onAttach(AttachEvent event) {
        super.onAttach(event);
        if (!event.isInitialAttach()) {
            return;
        }
        event.getUI().getPage().executeJs("""
                if (!document.getElementById('xai4j-style')) {
                  const s = document.createElement('style');
                  s.id = 'xai4j-style';
                  s.textContent = $0;
                  document.head.appendChild(s);
                }""", CSS);
        upload.setUploadHandler(UploadHandler.inMemory((meta, bytes) -> event.getUI().access(() -> received(meta.fileName(), bytes))));
        long max = backend.maxImageBytes();
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, max));
        List<ComparisonBackend.ModelChoice> models = backend.models();
        modelSelect.setItems(models.stream().map(ComparisonBackend.ModelChoice::name).toList());
        String first = models.stream().filter(ComparisonBackend.ModelChoice::isDefault).findFirst()
                .orElse(models.get(0)).name();
        modelSelect.setValue(first);
        loadModel(first);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        generation++;
        super.onDetach(event);
    }

    // ---------------------------------------------------------------------------------------- actions

    private void loadModel(String name) {
        int gen = ++generation;
        modelSelect.setEnabled(false);
        status.setText("Loading " + name + "…");
        tileList.forEach(MethodTile::begin);
        prediction.setBusy(true);
        background(() -> backend.describe(name), details -> {
            modelSelect.setEnabled(true);
            if (gen != generation) {
                return;
            }
            applyModel(details);
        }, e -> {
            modelSelect.setEnabled(true);
            prediction.setBusy(false);
            report(e);
            if (model != null) {
                modelSelect.setValue(model.name());
                recomputeAll();
            } else {
                status.setText("No model could be loaded.");
            }
        });
    }

    private void applyModel(ComparisonBackend.ModelDetails details) {
        model = details;
        var info = details.info();
        prediction.setLabels(info.labels());
        List<String> ids = details.methods().stream().map(ComparisonBackend.MethodInfo::id).toList();
        List<MethodCatalog.Kind> kinds = MethodCatalog.kinds(ids);
        addMethod.setItems(kinds);
        tileList.clear();
        tiles.removeAll();
        for (String key : MethodCatalog.defaults(info.architecture())) {
            kinds.stream().filter(k -> k.key().equals(key)).findFirst().ifPresent(this::addTile);
        }
        buildSamples(Math.max(32, Math.min(info.inputHeight(), info.inputWidth())));
        if (picture == null || picture.sample() >= 0) {
            int index = picture == null ? 0 : picture.sample();
            useSample(index);
        } else {
            newImage(picture.name(), picture.image(), -1);
        }
    }

    private void buildSamples(int size) {
        SceneGenerator gen = new SceneGenerator(SAMPLE_SEED, size);
        List<Scene> list = new ArrayList<>();
        for (int i = 0; i < SAMPLES; i++) {
            list.add(i < SAMPLES - 2 ? gen.scene(i) : gen.twoObjectScene(i));
        }
        scenes = list;
        samples.removeAll();
        for (int i = 0; i < scenes.size(); i++) {
            int index = i;
            Scene s = scenes.get(i);
            Image thumb = new Image(Pictures.dataUrl(dev.xai4j.render.HeatmapRenderer.png(Pictures.fit(s.image(), 160))),
                    "sample " + (i + 1));
            thumb.addClassName("xai-sample");
            thumb.getElement().setAttribute("data-sample", String.valueOf(i));
            thumb.getElement().setAttribute("role", "button");
            thumb.getElement().setAttribute("tabindex", "0");
            thumb.setTitle(sampleName(i) + " (" + shapes(s) + ")");
            thumb.getStyle().set("width", "100%").set("aspect-ratio", "1 / 1").set("cursor", "pointer")
                    .set("border-radius", "var(--lumo-border-radius-s)").set("box-sizing", "border-box")
                    .set("display", "block");
            thumb.addClickListener(e -> useSample(index));
            thumb.getElement().addEventListener("keydown", e -> useSample(index))
                    .setFilter("event.key === 'Enter' || event.key === ' '");
            samples.add(thumb);
        }
    }

    private static String sampleName(int i) {
        return "sample " + (i + 1);
    }

    private static String shapes(Scene s) {
        return s.objects().stream().map(o -> o.shape().name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" + "));
    }

    private void useSample(int index) {
        if (index < 0 || index >= scenes.size()) {
            return;
        }
        newImage(sampleName(index), scenes.get(index).image(), index);
    }

    /** An upload arrived (on the UI thread): decode it off the UI thread. */
    private void received(String fileName, byte[] bytes) {
        String name = fileName == null || fileName.isBlank() ? "upload" : fileName;
        status.setText("Reading " + name + "…");
        background(() -> Pictures.atMost(backend.decode(name, bytes), KEEP_MAX), image -> {
            upload.clearFileList();
            newImage(name, image, -1);
        }, e -> {
            upload.clearFileList();
            report(e);
            updateStatus();
        });
    }

    private void newImage(String name, RgbImage image, int sample) {
        generation++;
        RgbImage export = Math.max(image.width(), image.height()) < EXPORT_MIN ? Pictures.fit(image, EXPORT_MIN)
                : Pictures.atMost(image, EXPORT_MAX);
        picture = new Picture(name, image, Pictures.fit(image, DISPLAY), export, sample);
        getElement().setAttribute("data-image", name);
        imageInfo.setText(name + " · " + image.width() + " × " + image.height() + " px");
        samples.getChildren().forEach(c -> {
            boolean on = c.getElement().getAttribute("data-sample").equals(String.valueOf(sample));
            c.getElement().getStyle().set("outline", on ? "3px solid var(--lumo-primary-color)" : "none")
                    .set("outline-offset", "-3px");
        });
        target = Target.top();
        explained = null;
        prediction.clear();
        tileList.forEach(MethodTile::clear);
        agreement.show(List.of(), List.of());
        recomputeAll();
    }

    /** A class was chosen (prediction row or combo box). */
    private void explainClass(int index) {
        if (picture == null || model == null) {
            return;
        }
        target = Target.index(index);
        explained = index;
        prediction.select(index);
        recomputeAll();
    }

    /** Every tile again, in one shared pass (new image, model or class). */
    private void recomputeAll() {
        if (picture == null || model == null) {
            return;
        }
        int gen = generation;
        String modelName = model.name();
        Picture pic = picture;
        Target t = target;
        List<MethodTile> shown = List.copyOf(tileList);
        Map<MethodTile, Integer> tokens = new HashMap<>();
        List<MethodRequest> requests = new ArrayList<>();
        for (MethodTile tile : shown) {
            tokens.put(tile, tile.begin());
            requests.add(tile.request());
        }
        prediction.setBusy(true);
        if (shown.isEmpty()) {
            background(() -> backend.predict(modelName, pic.image(), TOP_K), p -> {
                if (gen == generation) {
                    prediction.setBusy(false);
                    explained = explained == null ? p.best().index() : explained;
                    prediction.show(p, explained);
                }
            }, e -> {
                prediction.setBusy(false);
                report(e);
            });
            return;
        }
        background(() -> backend.explain(modelName, pic.image(), requests, t, TOP_K), result -> {
            if (gen != generation) {
                return;
            }
            prediction.setBusy(false);
            ImageExplanations ie = result.images().get(0);
            List<Explanation> exps = ie.explanations();
            if (!exps.isEmpty()) {
                explained = exps.get(0).target();
            }
            prediction.show(ie.prediction(), explained);
            MethodTile.Canvas canvas = canvas(pic);
            for (int i = 0; i < shown.size() && i < exps.size(); i++) {
                MethodTile tile = shown.get(i);
                if (tileList.contains(tile)) {
                    tile.show(tokens.get(tile), exps.get(i), canvas, look());
                }
            }
            updateAgreement();
        }, e -> {
            if (gen != generation) {
                return;
            }
            prediction.setBusy(false);
            String msg = e instanceof BackendException be ? be.title() + ": " + be.getMessage() : "failed: " + e.getMessage();
            shown.forEach(tile -> tile.fail(tokens.get(tile), msg));
            report(e);
        });
    }

    /** One tile again (its method or parameters changed), for the class the others show. */
    private void recomputeTile(MethodTile tile) {
        if (picture == null || model == null) {
            return;
        }
        int gen = generation;
        int token = tile.begin();
        String modelName = model.name();
        Picture pic = picture;
        Target t = explained != null ? Target.index(explained) : target;
        MethodRequest request = tile.request();
        background(() -> backend.explain(modelName, pic.image(), List.of(request), t, TOP_K), result -> {
            if (gen != generation || !tileList.contains(tile)) {
                return;
            }
            Explanation e = result.images().get(0).explanations().get(0);
            tile.show(token, e, canvas(pic), look());
            if (explained == null) {
                explained = e.target();
                prediction.show(result.images().get(0).prediction(), explained);
            }
            updateAgreement();
        }, e -> {
            if (gen == generation) {
                tile.fail(token, e instanceof BackendException be ? be.getMessage() : String.valueOf(e.getMessage()));
                report(e);
            }
        });
    }

    private MethodTile addTile(MethodCatalog.Kind kind) {
        MethodTile tile = new MethodTile(kind, model, this);
        tileList.add(tile);
        tiles.add(tile);
        return tile;
    }

    @Override
    public void recompute(MethodTile tile) {
        recomputeTile(tile);
    }

    @Override
    public void remove(MethodTile tile) {
        tileList.remove(tile);
        tiles.remove(tile);
        updateAgreement();
    }

    private void restyle() {
        RenderOptions look = look();
        tileList.forEach(t -> t.restyle(look));
    }

    private RenderOptions look() {
        Colormap c = colormap.getValue() == null ? Colormap.JET : colormap.getValue();
        return Pictures.options(c, opacity.doubleValue(), true);
    }

    private MethodTile.Canvas canvas(Picture pic) {
        return new MethodTile.Canvas(model.name(), pic.name(), pic.display(), pic.export());
    }

    private void updateAgreement() {
        List<String> names = new ArrayList<>();
        List<Heatmap> maps = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (MethodTile t : tileList) {
            Explanation e = t.explanation();
            if (e != null && explained != null && e.target() == explained) {
                String name = MethodCatalog.name(e.method());
                int n = seen.merge(name, 1, Integer::sum);
                names.add(n == 1 ? name : name + " #" + n);
                maps.add(e.map());
            }
        }
        try {
            agreement.show(names, maps);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "agreement matrix failed", ex);
            agreement.show(List.of(), List.of());
        }
    }

    // ---------------------------------------------------------------------------------------- work

    /**
     * Runs work off the UI thread, then {@code done} or {@code failed} on it. The page polls the
     * server while any work is under way, so results appear without a click.
     */
    private <T> void background(Callable<T> work, SerializableConsumer<T> done, SerializableConsumer<Throwable> failed) {
        UI ui = UI.getCurrent();
        pending++;
        updatePolling(ui);
        updateStatus();
        try {
            Background.submit(() -> {
                T value = null;
                Throwable error = null;
                try {
                    value = work.call();
                } catch (Throwable t) {
                    error = t;
                }
                T v = value;
                Throwable err = error;
                try {
                    ui.access(() -> {
                        pending--;
                        updatePolling(ui);
                        try {
                            if (err == null) {
                                done.accept(v);
                            } else {
                                failed.accept(err);
                            }
                        } finally {
                            updateStatus();
                        }
                    });
                } catch (UIDetachedException ignored) {
                    // the page was closed meanwhile
                }
                return null;
            });
        } catch (RejectedExecutionException e) {
            pending--;
            updatePolling(ui);
            failed.accept(new BackendException(BackendException.Kind.BUSY, "too many requests at once; try again in a moment"));
            updateStatus();
        }
    }

    private void updatePolling(UI ui) {
        ui.setPollInterval(pending > 0 ? POLL_MS : -1);
        getElement().setAttribute("data-pending", String.valueOf(pending));
    }

    private void updateStatus() {
        if (model == null) {
            return;
        }
        var info = model.info();
        String what = model.name() + " · " + (info.architecture().name().equals("VIT") ? "ViT" : "ResNet") + " · "
                + info.inputWidth() + "×" + info.inputHeight() + " input · " + info.numClasses() + " classes";
        status.setText(pending > 0 ? what + " · computing…" : what);
    }

    private void report(Throwable e) {
        if (e instanceof BackendException be) {
            notifyError(be.title(), be.getMessage());
        } else {
            LOG.log(Level.WARNING, "comparison page: unexpected failure", e);
            notifyError("Something went wrong", String.valueOf(e.getMessage()));
        }
    }

    private static void notifyError(String title, String message) {
        Span head = new Span(title);
        head.getStyle().set("font-weight", "600");
        Div text = new Div(head, new Div(new Span(message)));
        text.getStyle().set("max-width", "480px");
        Notification n = new Notification(text);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
        n.setPosition(Notification.Position.TOP_CENTER);
        n.setDuration(7000);
        n.addClassName("xai-notification");
        n.open();
    }

    private static String megabytes(long bytes) {
        return bytes >= 1 << 20 ? String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1 << 20)) : bytes + " bytes";
    }
}
