package dev.xai4j.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.ComboBoxVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.select.SelectVariant;
import com.vaadin.flow.function.SerializableSupplier;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.xai4j.anatomy.AnatomyFigures;
import dev.xai4j.anatomy.AttentionMatrix;
import dev.xai4j.anatomy.ViTAnatomy;
import dev.xai4j.explain.HeadFusion;
import dev.xai4j.explain.HeadSelection;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Prediction;
import dev.xai4j.model.TokenLayout;
import dev.xai4j.render.Colormap;
import dev.xai4j.render.RenderOptions;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The anatomy page ({@code /anatomy}): the inside of a Vision Transformer on one image, every classic
 * figure of the ViT paper and the attention tutorials from one forward pass.
 *
 * <ul>
 *   <li>Attention matrix of a chosen layer and head (or the heads fused), read cell by cell
 *       ({@link AttentionMatrixPanel}); clicking a row (or choosing a query token) maps that row over
 *       the image: what the token attends to. The CLS row is shown first.</li>
 *   <li>CLS attention of every layer (heads fused), and of every head of a chosen layer.</li>
 *   <li>Mean attention distance per head (scatter and table), per layer with its spread over the heads,
 *       and the shallow third of the layers against the deep third.</li>
 *   <li>Position embeddings: the cosine similarity of every patch's with all others, one chosen patch's
 *       large, and their first two principal components coloured by patch row and column.</li>
 *   <li>The CLS token across the blocks (PCA path and norm), and the patch grid.</li>
 * </ul>
 * The image comes as on the comparison page (upload or a generated sample), and model and image are
 * shared with it ({@link LastChoice}). The pass and the figures that do not depend on a choice are
 * computed by the {@link AnatomyBackend} on the server's inference pool; the figures of a choice
 * (heads of another layer, another patch) are drawn off the UI thread; matrix and row map are drawn
 * at once. For a model that is not a ViT with a CLS token the server's reason takes the figures' place.
 *
 * <p>For tests and scripts: the root {@code #anatomy} has {@code data-image} (the image's name),
 * {@code data-model}, {@code data-pending} (work under way) and {@code data-state} ({@code busy},
 * {@code ready}, {@code error}, {@code not-vit}). Figures are images with a {@code data-testid}
 * (see {@link #FIGURES}, and {@code row-map}); the row map has {@code data-query}, its caption is
 * {@code [data-testid=row-caption]}; the choices are {@code #matrix-layer}, {@code #matrix-heads},
 * {@code #matrix-query}, {@code #heads-layer} and {@code #similarity-patch}.
 */
@Route("anatomy")
@PageTitle("xai4j — ViT anatomy")
public class AnatomyView extends ModelImagePage {

    private static final long serialVersionUID = 1L;

    /** Title of the page. */
    public static final String TITLE = "xai4j — ViT anatomy";

    /**
     * A figure shown as the backend drew it.
     *
     * @param testId its {@code data-testid} on the page
     * @param name   its name in {@link AnatomyFigures#standardSet}, where {@code {layer}} stands for the
     *               last layer and {@code {patch}} for the centre patch (the choices shown first)
     */
    record Drawn(String testId, String name) {
        String key(int layer, int patch) {
            return name.replace("{layer}", Integer.toString(layer)).replace("{patch}", Integer.toString(patch));
        }
    }

    /** Every figure but the matrix and its row, in page order. */
    static final List<Drawn> FIGURES = List.of(
            new Drawn("layers-grid", "layers-mean"),
            new Drawn("heads-grid", "heads-layer{layer}"),
            new Drawn("distance-scatter", "attention-distance-scatter"),
            new Drawn("distance-table", "attention-distance-table"),
            new Drawn("distance-curve", "attention-distance-curve"),
            new Drawn("distance-bars", "attention-distance-bars"),
            new Drawn("similarity-grid", "position-similarity-grid"),
            new Drawn("similarity-patch", "position-similarity-patch{patch}"),
            new Drawn("position-pca", "position-pca"),
            new Drawn("cls-path", "cls-path"),
            new Drawn("cls-norms", "cls-norms"),
            new Drawn("patch-grid", "patch-grid"));
    /** Longer side of the row map, in pixels. */
    static final int ROW_MAP = 256;
    private static final String CSS = """
            @media (max-width: 640px) {
              #anatomy { padding: 8px 8px 16px !important; }
            }
            """;

    private final transient AnatomyBackend backend;
    private final Span status = new Span();
    private final Div notice = new Div();
    private final Div prediction = new Div();
    private final Div sections = new Div();

    private final Select<Integer> matrixLayer = new Select<>();
    private final Select<HeadSelection> matrixHeads = new Select<>();
    private final ComboBox<Integer> query = new ComboBox<>();
    private final AttentionMatrixPanel matrix = new AttentionMatrixPanel(this::selectRow);
    private final Image rowMap = figure("row-map", "attention row over the image");
    private final Span rowCaption = new Span();
    private final Image rowScale = new Image();
    private final Span rowMax = new Span();
    private final Span rowReadout = new Span();
    private final Select<Integer> headsLayer = new Select<>();
    private final ComboBox<Integer> patch = new ComboBox<>();
    /** The figures by test id ({@link #FIGURES}). */
    private final Map<String, Image> figures = new LinkedHashMap<>();

    /** The image shown. */
    private RgbImage image;
    private AnatomyBackend.Anatomy anatomy;
    /** The matrix shown now. */
    private AttentionMatrix shownMatrix;
    /** The model-view image at row-map size, the row map's background. */
    private RgbImage rowBase;

    @Inject
    public AnatomyView(AnatomyBackend backend) {
        super(backend, "anatomy", CSS);
        this.backend = backend;
        for (Drawn f : FIGURES) {
            figures.put(f.testId(), figure(f.testId(), f.testId().replace('-', ' ')));
        }
        add(header(), body());
        setState("busy");
    }

    // ---------------------------------------------------------------------------------------- layout

    private Component header() {
        return Blocks.toolbar(TITLE, "ViT anatomy", AnatomyView.class, Blocks.labelled("Model", modelSelect));
    }

    private Component body() {
        prediction.setId("anatomy-prediction");
        prediction.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "2px")
                .set("font-size", "var(--lumo-font-size-s)").set("font-variant-numeric", "tabular-nums");
        Div predictionCard = Blocks.card(Blocks.sectionTitle("Prediction"), prediction);
        predictionCard.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "4px");
        Div side = new Div(Blocks.card(picker), predictionCard);
        side.setId("side");
        side.getStyle().set("flex", "1 1 256px").set("max-width", "100%").set("display", "flex")
                .set("flex-direction", "column").set("gap", "12px").set("min-width", "0");

        status.setId("status");
        status.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        notice.setId("not-vit");
        notice.getElement().setAttribute("data-testid", "not-vit");
        notice.getStyle().set("padding", "10px 12px").set("border-radius", "var(--lumo-border-radius-l)")
                .set("background", "var(--lumo-error-color-10pct)").set("color", "var(--lumo-error-text-color)")
                .set("font-size", "var(--lumo-font-size-s)");
        notice.setVisible(false);

        sections.setId("sections");
        sections.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "12px");
        sections.add(matrixSection(), clsSection(), distanceSection(), positionSection(), tokenSection());
        Div main = new Div(status, notice, sections);
        main.setId("main");
        main.getStyle().set("flex", "999 1 0").set("min-width", "min(100%, 620px)").set("display", "flex")
                .set("flex-direction", "column").set("gap", "12px");
        Div body = new Div(side, main);
        body.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "14px").set("align-items", "flex-start");
        return body;
    }

    private Component matrixSection() {
        matrixLayer.setId("matrix-layer");
        choice(matrixLayer, "Layer of the matrix");
        matrixLayer.setItemLabelGenerator(l -> "layer " + l);
        matrixLayer.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                drawMatrix();
            }
        });
        matrixHeads.setId("matrix-heads");
        choice(matrixHeads, "Heads of the matrix");
        matrixHeads.setItemLabelGenerator(h -> h.isFused() ? "fused: " + h.fusion().label() : "head " + h.head());
        matrixHeads.setWidth("140px");
        matrixHeads.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                drawMatrix();
            }
        });
        query.setId("matrix-query");
        query.setAriaLabel("Query token");
        query.addThemeVariants(ComboBoxVariant.LUMO_SMALL);
        query.setWidth("120px");
        query.setAllowCustomValue(false);
        query.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                drawRow();
            }
        });
        Div controls = new Div(Blocks.labelled("Layer", matrixLayer), Blocks.labelled("Heads", matrixHeads),
                Blocks.labelled("Query row", query));
        controls.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "6px 16px");

        rowCaption.getElement().setAttribute("data-testid", "row-caption");
        rowCaption.getStyle().set("font-size", "var(--lumo-font-size-s)").set("font-weight", "500");
        rowMap.getStyle().set("width", ROW_MAP + "px").set("max-width", "100%").set("cursor", "crosshair")
                .set("border-radius", "var(--lumo-border-radius-m)");
        rowScale.setAlt("colour scale of the row");
        rowScale.getStyle().set("flex", "1").set("height", "8px").set("border-radius", "2px");
        Span zero = new Span("0");
        for (Span s : new Span[]{zero, rowMax, rowReadout}) {
            s.getStyle().set("font-size", "var(--lumo-font-size-xxs)").set("color", "var(--lumo-secondary-text-color)")
                    .set("font-variant-numeric", "tabular-nums");
        }
        Div scale = new Div(zero, rowScale, rowMax);
        scale.getStyle().set("display", "flex").set("align-items", "center").set("gap", "4px").set("width", ROW_MAP + "px")
                .set("max-width", "100%");
        rowReadout.getElement().setAttribute("data-idle", "hover for values");
        rowReadout.setText("hover for values");
        Pictures.readout(rowMap.getElement(), rowReadout.getElement());
        Div row = new Div(rowCaption, rowMap, scale, rowReadout, Blocks.sectionHint(
                "Row i of the matrix over the patch keys, laid on the patch grid: what token i attends to "
                        + "(prefix keys left out, not renormalised). Colours from 0 to the row's largest weight."));
        row.setId("row-panel");
        row.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "4px").set("width", ROW_MAP + "px")
                .set("max-width", "100%");

        Div content = new Div(matrix, row);
        content.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "16px").set("align-items", "flex-start");
        return section("matrix-section", "Attention matrix",
                "Post-softmax attention of one layer: row = query token, column = key token; each row of one head or "
                        + "of the mean sums to 1.", controls, content);
    }

    private Component clsSection() {
        headsLayer.setId("heads-layer");
        choice(headsLayer, "Layer of the heads grid");
        headsLayer.setItemLabelGenerator(l -> "layer " + l);
        headsLayer.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                redraw("heads-grid", e.getValue(), headsLayer::getValue, (a, l) -> AnatomyFigures.headsGrid(a, l));
            }
        });
        return section("cls-section", "CLS attention",
                "What the CLS token attends to: every layer with its heads averaged, and every head of one layer.",
                null, figures.get("layers-grid"), chosen(Blocks.labelled("Every head of", headsLayer), figures.get("heads-grid")));
    }

    private Component distanceSection() {
        return section("distance-section", "Attention distance",
                "Mean distance in pixels between a patch and the patches it attends to: local heads stay small, "
                        + "global heads grow with depth.", null, figures.get("distance-scatter"),
                figures.get("distance-curve"), figures.get("distance-bars"), figures.get("distance-table"));
    }

    private Component positionSection() {
        patch.setId("similarity-patch");
        patch.setAriaLabel("Patch");
        patch.addThemeVariants(ComboBoxVariant.LUMO_SMALL);
        patch.setWidth("120px");
        patch.setAllowCustomValue(false);
        patch.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                redraw("similarity-patch", e.getValue(), patch::getValue, (a, p) -> AnatomyFigures.positionSimilarity(a, p));
            }
        });
        return section("position-section", "Position embeddings",
                "Cosine similarity of the learned position embeddings, and their first two principal components "
                        + "coloured by patch row and column: a learned 2-D layout shows as ordered bands.",
                null, figures.get("similarity-grid"),
                chosen(Blocks.labelled("Similarity to patch", patch), figures.get("similarity-patch")),
                figures.get("position-pca"));
    }

    private Component tokenSection() {
        return section("token-section", "CLS token and patches",
                "The CLS token's state after the embeddings and after each block, on its first two principal "
                        + "components and as its norm; and the image cut into its patches.",
                null, figures.get("cls-path"), figures.get("cls-norms"), figures.get("patch-grid"));
    }

    /** A card: title, hint, optional controls, then the content wrapping from left to right. */
    private static Component section(String id, String title, String hint, Component controls, Component... content) {
        Div head = new Div(Blocks.sectionTitle(title), Blocks.sectionHint(hint));
        head.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "2px");
        Div items = new Div(content);
        items.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "12px").set("align-items", "flex-start");
        Div card = controls == null ? Blocks.card(head, items) : Blocks.card(head, controls, items);
        card.setId(id);
        card.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "10px");
        return card;
    }

    /** A figure with the choice it shows above it. */
    private static Div chosen(Component choice, Image figure) {
        Div d = new Div(choice, figure);
        d.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "6px").set("max-width", "100%");
        return d;
    }

    private static Image figure(String testId, String alt) {
        Image img = new Image();
        img.setAlt(alt);
        img.getElement().setAttribute("data-testid", testId);
        img.getStyle().set("display", "block").set("max-width", "100%").set("height", "auto");
        return img;
    }

    private static void choice(Select<?> select, String aria) {
        select.setAriaLabel(aria);
        select.addThemeVariants(SelectVariant.LUMO_SMALL);
        select.setWidth("110px");
    }

    // ---------------------------------------------------------------------------------------- actions

    @Override
    void loading(String name) {
        setState("busy");
        status.setText("Loading " + name + "…");
    }

    @Override
    void loadFailed() {
        setState("error");
    }

    @Override
    void imageChanged(String name, RgbImage picked, int sample) {
        image = picked;
        compute();
    }

    /**
     * The pass and the standard figures for the model and image, on the server. The server decides
     * whether the model has what the views need (a ViT with a CLS token), as it does for the API, and
     * its reason is shown in place of the figures.
     */
    private void compute() {
        if (model == null || image == null) {
            return;
        }
        sections.getStyle().set("opacity", "0.55");
        setState("busy");
        int gen = generation;
        String name = model.name();
        RgbImage img = image;
        work.run(() -> backend.anatomy(name, img), result -> {
            if (gen == generation) {
                notice.setVisible(false);
                sections.setVisible(true);
                show(result);
            }
        }, e -> {
            if (gen != generation) {
                return;
            }
            sections.getStyle().remove("opacity");
            if (e instanceof BackendException be && be.kind() == BackendException.Kind.INVALID_REQUEST) {
                anatomy = null;
                shownMatrix = null;
                notice.setText(be.getMessage() + ". Choose a ViT in the model list, or compare explanations of this "
                        + "model on the comparison page.");
                notice.setVisible(true);
                sections.setVisible(false);
                prediction.removeAll();
                setState("not-vit");
            } else {
                setState("error");
                Blocks.report(e);
            }
        });
    }

    private void show(AnatomyBackend.Anatomy result) {
        anatomy = result;
        ViTAnatomy v = result.views();
        TokenLayout t = v.tokens();
        int last = v.layers() - 1;
        int centre = (t.gridHeight() / 2) * t.gridWidth() + t.gridWidth() / 2;
        rowBase = Pictures.fit(v.image(), ROW_MAP);

        List<Integer> layers = IntStream.range(0, v.layers()).boxed().toList();
        matrixLayer.setItems(layers);
        matrixLayer.setValue(last);
        List<HeadSelection> heads = new ArrayList<>();
        for (HeadFusion f : HeadFusion.values()) {
            heads.add(HeadSelection.fused(f));
        }
        for (int h = 0; h < v.heads(); h++) {
            heads.add(HeadSelection.head(h));
        }
        matrixHeads.setItems(heads);
        matrixHeads.setValue(HeadSelection.MEAN);
        query.setItems(IntStream.range(0, t.tokenCount()).boxed().toList());
        query.setItemLabelGenerator(t::tokenName);
        query.setValue(0);
        headsLayer.setItems(layers);
        headsLayer.setValue(last);
        patch.setItems(IntStream.range(0, t.patchTokens()).boxed().toList());
        patch.setItemLabelGenerator(k -> t.tokenName(t.prefixTokens() + k));
        patch.setValue(centre);

        for (Drawn f : FIGURES) {
            String key = f.key(last, centre);
            byte[] png = result.figures().get(key);
            if (png != null) {
                figures.get(f.testId()).setSrc(Pictures.served(png, key + ".png"));
            }
        }
        drawMatrix();
        showPrediction(result.prediction());
        sections.getStyle().remove("opacity");
        setState("ready");
    }

    private void showPrediction(Prediction p) {
        prediction.removeAll();
        for (Prediction.ClassScore s : p.top()) {
            Span label = new Span(s.label());
            Span share = new Span(String.format(Locale.ROOT, "%.1f %%", 100 * s.probability()));
            share.getStyle().set("color", "var(--lumo-secondary-text-color)");
            Div row = new Div(label, share);
            row.addClassName("xai-anatomy-class");
            row.getStyle().set("display", "flex").set("justify-content", "space-between").set("gap", "8px");
            prediction.add(row);
        }
    }

    /** The matrix of the chosen layer and heads, and its chosen row. */
    private void drawMatrix() {
        if (anatomy == null || matrixLayer.getValue() == null || matrixHeads.getValue() == null) {
            return;
        }
        shownMatrix = anatomy.views().attentionMatrix(matrixLayer.getValue(), matrixHeads.getValue());
        matrix.show(shownMatrix, queryToken());
        drawRow();
    }

    /** A row of the matrix was clicked. */
    private void selectRow(int row) {
        query.setValue(row);
        drawRow();
    }

    private int queryToken() {
        return query.getValue() == null ? 0 : query.getValue();
    }

    /** The chosen row of the matrix shown, over the image. */
    private void drawRow() {
        if (shownMatrix == null) {
            return;
        }
        int q = queryToken();
        Heatmap row = shownMatrix.rowMap(q);
        RenderOptions look = Pictures.options(Colormap.JET, 0.5, false);
        String name = shownMatrix.tokens().tokenName(q);
        rowMap.setSrc(Pictures.served(Pictures.overlayPng(rowBase, row, look),
                "attention-row-layer" + shownMatrix.layer() + "-" + shownMatrix.heads() + "-token" + q + ".png"));
        rowMap.getElement().setAttribute("data-query", String.valueOf(q));
        rowCaption.setText("query " + name + " → patches · layer " + shownMatrix.layer() + " · " + shownMatrix.heads().label());
        rowScale.setSrc(Pictures.dataUrl(Pictures.colorbarPng(look, Pictures.signed(row), 128, 8)));
        rowMax.setText(Pictures.number(row.max()));
        Pictures.readoutData(rowMap.getElement(), row.height(), row.width(), row.values(), null);
        matrix.select(q);
    }

    /** Draws one figure of the anatomy for one choice. */
    @FunctionalInterface
    private interface FigureOf extends java.io.Serializable {
        byte[] draw(ViTAnatomy anatomy, int choice);
    }

    /**
     * Draws the figure of a choice again, off the UI thread (a grid of overlays, or a large map), and
     * shows it unless the anatomy or the choice changed meanwhile.
     */
    private void redraw(String testId, int choice, SerializableSupplier<Integer> chosen, FigureOf draw) {
        AnatomyBackend.Anatomy a = anatomy;
        if (a == null) {
            return;
        }
        Image target = figures.get(testId);
        target.getStyle().set("opacity", "0.55");
        work.run(() -> draw.draw(a.views(), choice), png -> {
            if (a == anatomy && Objects.equals(chosen.get(), choice)) {
                target.setSrc(Pictures.served(png, testId + "-" + choice + ".png"));
                target.getStyle().remove("opacity");
            }
        }, e -> {
            target.getStyle().remove("opacity");
            Blocks.report(e);
        });
    }

    // ---------------------------------------------------------------------------------------- state

    private void setState(String state) {
        getElement().setAttribute("data-state", state);
    }

    @Override
    void updateStatus() {
        if (model == null) {
            return;
        }
        ModelInfo info = model.info();
        String what;
        var caps = info.capabilities();
        if (caps.attention().isPresent() && caps.tokens().isPresent()) {
            TokenLayout t = caps.tokens().get();
            what = model.name() + " · " + info.family() + " · " + info.depth() + " blocks × " + caps.attention().get().heads()
                    + " heads · " + t.gridHeight() + "×" + t.gridWidth() + " patches of " + caps.attention().get().patchSize()
                    + " px · " + t.tokenCount() + " tokens";
        } else {
            what = model.name() + " · " + info.family();
        }
        status.setText(work.pending() > 0 ? what + " · computing…" : what);
    }
}
