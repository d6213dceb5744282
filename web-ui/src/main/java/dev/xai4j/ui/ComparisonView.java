package dev.xai4j.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.select.SelectVariant;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Root view ({@code /}): one image, one model, several explanation methods side by side.
 *
 * <p>Left: the image (upload or drop a file, or pick a generated sample scene) and the prediction,
 * whose classes (or any label typed in the combo box) choose the class explained. Right: one tile per
 * method, each with its own parameters, and the agreement of the maps. Changing the image, model or
 * class recomputes every tile in one shared pass; changing a tile's parameters recomputes that tile.
 * All model work runs off the UI thread (the page polls while any is under way) and ends in the
 * server's bounded inference pool; failures become notifications. The model and image are shared
 * with the {@link AnatomyView} (link in the toolbar) through {@link LastChoice}.
 */
@Route("")
@PageTitle("xai4j — explanation comparison")
public class ComparisonView extends ModelImagePage implements MethodTile.Listener {

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
    /** Classes listed in the prediction. */
    static final int TOP_K = 5;
    /** The few rules inline styles cannot express (hover, focus, narrow windows). */
    private static final String CSS = """
            .xai-class:hover { background: var(--lumo-contrast-5pct); }
            .xai-class:focus-visible { outline: 2px solid var(--lumo-primary-color) !important; }
            @media (max-width: 640px) {
              #comparison { padding: 8px 8px 16px !important; }
              #tiles { justify-content: center; }
            }
            """;

    private final transient ComparisonBackend backend;

    private final Select<Colormap> colormap = new Select<>();
    private final Slider opacity = new Slider("opacity", 0, 1, 0.05, 2, 0.5);
    private final PredictionPanel prediction = new PredictionPanel(this::explainClass, this::contrastWith);
    private final Select<MethodKind> addMethod = new Select<>();
    private final Span status = new Span();
    private final Div tiles = new Div();
    private final AgreementTable agreement = new AgreementTable();

    /** The image explained now, or null. */
    private Picture picture;
    /** The class rule of the next full computation. */
    private Target target = Target.top();
    /** The class the tiles explain, once known. */
    private Integer explained;
    /** The class the explained one is contrasted with ("why A rather than B"), or null. */
    private Integer rather;
    private final List<MethodTile> tileList = new ArrayList<>();

    /**
     * The image being explained.
     *
     * @param name    file name or sample name
     * @param image   the image as explained (uploads over {@link ImagePicker#KEEP_MAX} pixels are shrunk)
     * @param display the image at tile size
     * @param export  the image at download size
     */
    private record Picture(String name, RgbImage image, RgbImage display, RgbImage export) {
    }

    @Inject
    public ComparisonView(ComparisonBackend backend) {
        super(backend, "comparison", CSS);
        this.backend = backend;
        add(header(), body());
    }

    // ---------------------------------------------------------------------------------------- layout

    private Component header() {
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

        return Blocks.toolbar(TITLE, "explanation comparison", ComparisonView.class,
                Blocks.labelled("Model", modelSelect), Blocks.labelled("Colours", colormap), opacity);
    }

    private Component body() {
        Div side = new Div(imagePanel(), predictionPanel());
        side.setId("side");
        side.getStyle().set("flex", "1 1 256px").set("max-width", "100%").set("display", "flex")
                .set("flex-direction", "column").set("gap", "12px").set("min-width", "0");
        Div main = new Div(methodsBar(), tiles, Blocks.card(agreement));
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
        return Blocks.card(picker);
    }

    private Component predictionPanel() {
        Div panel = new Div(Blocks.sectionTitle("Prediction"), prediction);
        panel.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "4px");
        return Blocks.card(panel);
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

    // ---------------------------------------------------------------------------------------- actions

    @Override
    void loading(String name) {
        status.setText("Loading " + name + "…");
        tileList.forEach(MethodTile::begin);
        prediction.setBusy(true);
    }

    @Override
    void loadFailed() {
        prediction.setBusy(false);
        if (model != null) {
            recomputeAll();
        } else {
            status.setText("No model could be loaded.");
        }
    }

    @Override
    void modelChanged(ComparisonBackend.ModelDetails details) {
        var info = details.info();
        prediction.setLabels(info.labels());
        List<MethodKind> kinds = MethodKind.of(details);
        addMethod.setItems(kinds);
        tileList.clear();
        tiles.removeAll();
        MethodKind.defaults(details, kinds).forEach(this::addTile);
    }

    @Override
    void imageChanged(String name, RgbImage image, int sample) {
        RgbImage export = Math.max(image.width(), image.height()) < EXPORT_MIN ? Pictures.fit(image, EXPORT_MIN)
                : Pictures.atMost(image, EXPORT_MAX);
        picture = new Picture(name, image, Pictures.fit(image, DISPLAY), export);
        target = Target.top();
        explained = null;
        rather = null;
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
        if (Integer.valueOf(index).equals(rather)) {
            rather = null;
        }
        prediction.select(index, rather);
        recomputeAll();
    }

    /** A second class was chosen to contrast the explained one with, or none (null). */
    private void contrastWith(Integer index) {
        if (picture == null || model == null) {
            return;
        }
        if (index != null && index.equals(explained)) {
            index = null;
        }
        rather = index;
        prediction.select(explained, rather);
        recomputeAll();
    }

    /** The target rule with the contrast, if one was chosen. */
    private Target withContrast(Target t) {
        return rather == null ? t : Target.contrast(t, Target.index(rather));
    }

    /** Every tile again, in one shared pass (new image, model or class). */
    private void recomputeAll() {
        if (picture == null || model == null) {
            return;
        }
        int gen = generation;
        String modelName = model.name();
        Picture pic = picture;
        Target t = withContrast(target);
        List<MethodTile> shown = List.copyOf(tileList);
        Map<MethodTile, Integer> tokens = new HashMap<>();
        List<MethodRequest> requests = new ArrayList<>();
        for (MethodTile tile : shown) {
            tokens.put(tile, tile.begin());
            requests.add(tile.request());
        }
        prediction.setBusy(true);
        if (shown.isEmpty()) {
            work.run(() -> backend.predict(modelName, pic.image(), TOP_K), p -> {
                if (gen == generation) {
                    prediction.setBusy(false);
                    explained = explained == null ? p.best().index() : explained;
                    prediction.show(p, explained);
                }
            }, e -> {
                prediction.setBusy(false);
                Blocks.report(e);
            });
            return;
        }
        work.run(() -> backend.explain(modelName, pic.image(), requests, t, TOP_K), result -> {
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
            Blocks.report(e);
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
        Target t = withContrast(explained != null ? Target.index(explained) : target);
        MethodRequest request = tile.request();
        work.run(() -> backend.explain(modelName, pic.image(), List.of(request), t, TOP_K), result -> {
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
                Blocks.report(e);
            }
        });
    }

    private MethodTile addTile(MethodKind kind) {
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
                String name = model.method(e.method()).map(ComparisonBackend.MethodInfo::displayName).orElse(e.method());
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

    @Override
    void updateStatus() {
        if (model == null) {
            return;
        }
        var info = model.info();
        String what = model.name() + " · " + info.family() + " · "
                + info.inputWidth() + "×" + info.inputHeight() + " input · " + info.numClasses() + " classes";
        status.setText(work.pending() > 0 ? what + " · computing…" : what);
    }
}
