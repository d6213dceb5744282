package dev.xai4j.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.select.SelectVariant;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Location;
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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>The address carries the comparison shown ({@link ComparisonLink}: model, sample, class, methods
 * and their parameters), updated as it changes, so that a copied link opens the same comparison.
 */
@Route("")
@PageTitle("xai4j — explanation comparison")
public class ComparisonView extends ModelImagePage implements MethodTile.Listener, BeforeEnterObserver {

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
            .xai-tile-image:focus-visible { outline: 2px solid var(--lumo-primary-color); outline-offset: 1px; }
            @media (max-width: 640px) {
              #comparison { padding: 8px 8px 16px !important; }
              #tiles { justify-content: center; }
              /* a phone: the image, then the maps, then the prediction and the agreement */
              #comparison #content { flex-direction: column; flex-wrap: nowrap !important; align-items: stretch !important; }
              #comparison #side, #comparison #main { display: contents !important; }
              #image-card { order: 1; }
              #methods-bar { order: 2; }
              #tiles { order: 3; }
              #prediction-card { order: 4; }
              #agreement-card { order: 5; }
              #samples { grid-template-columns: repeat(6, 1fr) !important; gap: 4px !important; }
            }
            """;

    private final transient ComparisonBackend backend;

    private final Select<Colormap> colormap = new Select<>();
    private final Slider opacity = new Slider("opacity", 0, 1, 0.05, 2, 0.5).inline();
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
    /** The comparison the address asked for, until it is shown; then null. */
    private ComparisonLink link;
    /** Kinds the user added, kept across a model change where the new model has them. */
    private final Set<String> added = new LinkedHashSet<>();
    /** How long each method took last on this model (shared pass included), in ms. */
    private final Map<String, Long> lastMs = new HashMap<>();
    /** Methods that ran passes of their own last time (integrated gradients, SmoothGrad): computed apart. */
    private final Set<String> ownPasses = new HashSet<>();

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
        Div agreementCard = Blocks.card(agreement);
        agreementCard.setId("agreement-card");
        Div main = new Div(methodsBar(), tiles, agreementCard);
        main.setId("main");
        main.getStyle().set("flex", "999 1 0").set("min-width", "min(100%, 620px)").set("display", "flex")
                .set("flex-direction", "column").set("gap", "12px");
        tiles.setId("tiles");
        tiles.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "10px").set("align-items", "stretch");
        com.vaadin.flow.component.html.Main body = Blocks.main(side, main);
        body.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "14px").set("align-items", "flex-start");
        return body;
    }

    private Component imagePanel() {
        Div card = Blocks.card(picker);
        card.setId("image-card");
        return card;
    }

    private Component predictionPanel() {
        Div panel = new Div(Blocks.sectionHeading("Prediction"), prediction);
        panel.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "4px");
        Div card = Blocks.card(panel);
        card.setId("prediction-card");
        return card;
    }

    private Component methodsBar() {
        addMethod.setId("add-method");
        addMethod.setPlaceholder("Add a method…");
        addMethod.setAriaLabel("Add a method");
        addMethod.addThemeVariants(SelectVariant.LUMO_SMALL);
        // with what it cost last time on this model, once known
        addMethod.setItemLabelGenerator(k -> k == null ? "" : k.title() + Optional.ofNullable(lastMs.get(k.first().id()))
                .map(ms -> " · " + (ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0))).orElse(""));
        addMethod.setWidth("220px");
        addMethod.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                MethodTile t = addTile(e.getValue());
                added.add(e.getValue().key());
                addMethod.clear();
                recomputeTile(t);
            }
        });
        status.setId("status");
        status.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)")
                .set("flex", "1 1 200px");
        Div bar = new Div(status, addMethod);
        bar.setId("methods-bar");
        bar.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("align-items", "center").set("gap", "6px 12px");
        return bar;
    }

    // ---------------------------------------------------------------------------------------- address

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        ComparisonLink asked = ComparisonLink.parse(event.getLocation().getQueryParameters());
        link = asked.isEmpty() ? null : asked;
    }

    @Override
    String preferredModel() {
        return link == null ? null : link.model();
    }

    @Override
    Integer preferredSample() {
        return link == null || link.sample() == null ? null : link.sample() - 1;
    }

    /** Writes the comparison shown into the address (without a new history entry). */
    private void updateLink() {
        if (model == null || link != null) {
            return;
        }
        int sample = picker.currentSample();
        ComparisonLink now = ComparisonLink.of(model.name(), sample < 0 ? null : sample + 1, explained,
                tileList.stream().map(MethodTile::request).toList());
        String address = new Location("", now.query()).getPathWithQueryParameters();
        if (!address.equals(getElement().getAttribute("data-link"))) {
            getElement().setAttribute("data-link", address);
            getUI().ifPresent(ui -> ui.getPage().getHistory().replaceState(null, address));
        }
    }

    // ---------------------------------------------------------------------------------------- actions

    @Override
    void loading(String name) {
        status.setText("Loading " + name + "…");
        tileList.forEach(t -> t.begin(0));
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
        lastMs.clear();
        ownPasses.clear();
        List<MethodKind> kinds = MethodKind.of(details);
        addMethod.setItems(kinds);
        // the new model's default tiles, then the tiles the user added that it has; each shows the last
        // picture of its kind, dimmed, until its own result comes
        List<MethodTile> before = List.copyOf(tileList);
        tileList.clear();
        tiles.removeAll();
        List<String> keys = new ArrayList<>(MethodKind.defaults(details, kinds).stream().map(MethodKind::key).toList());
        if (link != null && !link.methods().isEmpty()) {
            // the tiles of a shared link, with their variants and parameters
            for (ComparisonLink.Method m : link.methods()) {
                kinds.stream().filter(k -> k.variant(m.id()).isPresent()).findFirst().ifPresent(kind -> {
                    if (!keys.contains(kind.key())) {
                        added.add(kind.key());
                    }
                    MethodTile tile = new MethodTile(kind, m.id(), m.parameters(), model, this);
                    tileList.add(tile);
                    tiles.add(tile);
                    tile.begin(0);
                });
            }
            return;
        }
        added.stream().filter(k -> !keys.contains(k)).forEach(keys::add);
        for (String key : keys) {
            kinds.stream().filter(k -> k.key().equals(key)).findFirst().ifPresent(kind -> {
                MethodTile tile = addTile(kind);
                before.stream().filter(b -> b.kind().key().equals(key)).findFirst().ifPresent(tile::keepPicture);
                tile.begin(0);
            });
        }
    }

    @Override
    void imageChanged(String name, RgbImage image, int sample) {
        RgbImage export = Math.max(image.width(), image.height()) < EXPORT_MIN ? Pictures.fit(image, EXPORT_MIN)
                : Pictures.atMost(image, EXPORT_MAX);
        picture = new Picture(name, image, Pictures.fit(image, DISPLAY), export);
        target = Target.top();
        explained = null;
        rather = null;
        if (link != null && link.target() != null && link.target() >= 0 && link.target() < model.info().numClasses()) {
            target = Target.index(link.target());
            explained = link.target();
        }
        link = null;
        // the last results stay, dimmed, until the new ones come: the layout does not jump
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

    /**
     * Every tile again (new image, model or class). Tiles whose methods need only the shared pass are
     * computed together in one pass; a method that ran passes of its own last time (integrated
     * gradients, SmoothGrad), or has not run yet on this model, is computed apart, so that each
     * result shows as soon as it is ready and a slow method holds up no other tile.
     */
    private void recomputeAll() {
        if (picture == null || model == null) {
            return;
        }
        int gen = generation;
        String modelName = model.name();
        Picture pic = picture;
        Target t = withContrast(target);
        List<MethodTile> shown = List.copyOf(tileList);
        prediction.setBusy(true);
        agreement.setBusy(true);
        if (shown.isEmpty()) {
            work.run(() -> backend.predict(modelName, pic.image(), TOP_K), p -> {
                if (gen == generation) {
                    prediction.setBusy(false);
                    agreement.setBusy(false);
                    explained = explained == null ? p.best().index() : explained;
                    prediction.show(p, explained);
                }
            }, e -> {
                prediction.setBusy(false);
                Blocks.report(e);
            });
            return;
        }
        List<List<MethodTile>> groups = new ArrayList<>();
        List<MethodTile> shared = new ArrayList<>();
        for (MethodTile tile : shown) {
            if (lastMs.containsKey(tile.method()) && !ownPasses.contains(tile.method())) {
                shared.add(tile);
            } else {
                groups.add(List.of(tile));
            }
        }
        if (!shared.isEmpty()) {
            groups.add(0, shared);
        }
        int[] open = {groups.size()};
        boolean[] reported = {false};
        for (List<MethodTile> group : groups) {
            Map<MethodTile, Integer> tokens = new HashMap<>();
            List<MethodRequest> requests = new ArrayList<>();
            for (MethodTile tile : group) {
                tokens.put(tile, tile.begin(lastMs.getOrDefault(tile.method(), 0L)));
                requests.add(tile.request());
            }
            work.run(() -> backend.explain(modelName, pic.image(), requests, t, TOP_K), result -> {
                if (gen != generation) {
                    return;
                }
                ImageExplanations ie = result.images().get(0);
                List<Explanation> exps = ie.explanations();
                if (explained == null && !exps.isEmpty()) {
                    explained = exps.get(0).target();
                }
                prediction.show(ie.prediction(), explained);
                MethodTile.Canvas canvas = canvas(pic);
                for (int i = 0; i < group.size() && i < exps.size(); i++) {
                    MethodTile tile = group.get(i);
                    learn(exps.get(i));
                    if (tileList.contains(tile)) {
                        tile.show(tokens.get(tile), exps.get(i), canvas, look());
                    }
                }
                groupDone(open);
                updateAgreement();
            }, e -> {
                if (gen != generation) {
                    return;
                }
                String msg = e instanceof BackendException be ? be.title() + ": " + be.getMessage() : "failed: " + e.getMessage();
                group.forEach(tile -> tile.fail(tokens.get(tile), msg));
                groupDone(open);
                if (!reported[0]) {
                    reported[0] = true;
                    Blocks.report(e);
                }
            });
        }
    }

    /** One group of a {@link #recomputeAll} ended: the prediction is current once every group has. */
    private void groupDone(int[] open) {
        if (--open[0] == 0) {
            prediction.setBusy(false);
            agreement.setBusy(false);
        }
    }

    /** Remembers what a method cost on this model: its time, and whether it ran passes of its own. */
    private void learn(Explanation e) {
        lastMs.put(e.method(), Math.max(1, Math.round((e.passNanos() + e.methodNanos()) / 1e6)));
        if (e.extraForward() + e.extraBackward() > 0) {
            ownPasses.add(e.method());
        } else {
            ownPasses.remove(e.method());
        }
        addMethod.getListDataView().refreshAll();
    }

    /** One tile again (its method or parameters changed), for the class the others show. */
    private void recomputeTile(MethodTile tile) {
        if (picture == null || model == null) {
            return;
        }
        int gen = generation;
        int token = tile.begin(lastMs.getOrDefault(tile.method(), 0L));
        String modelName = model.name();
        Picture pic = picture;
        Target t = withContrast(explained != null ? Target.index(explained) : target);
        MethodRequest request = tile.request();
        work.run(() -> backend.explain(modelName, pic.image(), List.of(request), t, TOP_K), result -> {
            if (gen != generation || !tileList.contains(tile)) {
                return;
            }
            Explanation e = result.images().get(0).explanations().get(0);
            learn(e);
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
        int at = tileList.indexOf(tile);
        tileList.remove(tile);
        tiles.remove(tile);
        added.remove(tile.kind().key());
        // the keyboard focus goes to the next tile's remove button (or the method list), not to the page
        if (tileList.isEmpty()) {
            addMethod.focus();
        } else {
            tileList.get(Math.min(at, tileList.size() - 1)).focusRemove();
        }
        updateAgreement();
        updateLink();
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
                boolean signed = Pictures.signed(e.map());
                names.add((n == 1 ? name : name + " #" + n) + (signed ? " |·|" : ""));
                maps.add(signed ? AgreementTable.magnitude(e.map()) : e.map());
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
        updateLink();
        if (model == null) {
            return;
        }
        var info = model.info();
        String what = model.name() + " · " + info.family() + " · "
                + info.inputWidth() + "×" + info.inputHeight() + " input · " + info.numClasses() + " classes";
        status.setText(work.pending() > 0 ? what + " · computing…" : what);
    }
}
