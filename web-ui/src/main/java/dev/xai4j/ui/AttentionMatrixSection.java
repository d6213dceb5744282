package dev.xai4j.ui;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import dev.xai4j.anatomy.AttentionMatrix;
import dev.xai4j.explain.HeadFusion;
import dev.xai4j.explain.HeadSelection;
import dev.xai4j.anatomy.ViTAnatomy;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.TokenLayout;
import dev.xai4j.render.Colormap;
import dev.xai4j.render.RenderOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The attention matrix of a chosen layer and head (or the heads fused), read cell by cell
 * ({@link AttentionMatrixPanel}); clicking a row (or choosing a query token) maps that row over the
 * image: what the token attends to. The CLS row of the last layer is shown first; matrix and row map
 * are drawn at once on the UI thread (one pixel per entry, one small overlay).
 *
 * <p>For tests: the choices are {@code #matrix-layer}, {@code #matrix-heads} and {@code #matrix-query};
 * the row map is {@code [data-testid=row-map]} with {@code data-query}, its caption
 * {@code [data-testid=row-caption]}.
 */
final class AttentionMatrixSection extends AnatomySection {

    private static final long serialVersionUID = 1L;
    /** Longer side of the row map, in pixels. */
    static final int ROW_MAP = 256;

    private final Select<Integer> layer = new Select<>();
    private final Select<HeadSelection> heads = new Select<>();
    private final ComboBox<Integer> query = new ComboBox<>();
    private final AttentionMatrixPanel matrix = new AttentionMatrixPanel(this::selectRow);
    private final Image rowMap = figureImage("row-map", "attention of the chosen query token over the image's patches");
    private final Span rowCaption = new Span();
    private final Image rowScale = new Image();
    private final Span rowMax = new Span();
    private final Span rowReadout = new Span();
    /** The matrix shown now. */
    private AttentionMatrix shown;
    /** The model-view image at row-map size, the row map's background. */
    private RgbImage rowBase;

    AttentionMatrixSection(PendingWork work) {
        super("matrix-section", "Attention matrix",
                "Post-softmax attention of one layer: row = query token, column = key token; each row of one head or "
                        + "of the mean sums to 1.", work);
        layer.setId("matrix-layer");
        choice(layer, "Layer of the matrix");
        layer.setItemLabelGenerator(l -> "layer " + l);
        layer.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                drawMatrix();
            }
        });
        heads.setId("matrix-heads");
        choice(heads, "Heads of the matrix");
        heads.setItemLabelGenerator(h -> h.isFused() ? "fused: " + h.fusion().label() : "head " + h.head());
        heads.setWidth("140px");
        heads.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                drawMatrix();
            }
        });
        tokenBox(query, "matrix-query", "Query token");
        query.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                drawRow();
            }
        });
        Div controls = new Div(Blocks.labelled("Layer", layer), Blocks.labelled("Heads", heads),
                Blocks.labelled("Query row", query));
        controls.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "6px 16px");

        rowCaption.getElement().setAttribute("data-testid", "row-caption");
        rowCaption.getStyle().set("font-size", "var(--lumo-font-size-s)").set("font-weight", "500");
        rowMap.getStyle().set("width", ROW_MAP + "px").set("cursor", "crosshair")
                .set("border-radius", "var(--lumo-border-radius-m)");
        rowScale.setAlt("colour scale of the row, from 0 to its largest weight");
        rowScale.getStyle().set("flex", "1").set("height", "8px").set("border-radius", "2px");
        Span zero = new Span("0");
        for (Span s : new Span[]{zero, rowMax, rowReadout}) {
            s.getStyle().set("font-size", "var(--lumo-font-size-xxs)").set("color", "var(--lumo-secondary-text-color)")
                    .set("font-variant-numeric", "tabular-nums");
        }
        Div scale = new Div(zero, rowScale, rowMax);
        scale.getStyle().set("display", "flex").set("align-items", "center").set("gap", "4px").set("width", ROW_MAP + "px")
                .set("max-width", "100%");
        rowReadout.getElement().setAttribute("data-idle", "hover or tap for values");
        rowReadout.setText("hover or tap for values");
        Pictures.readout(rowMap.getElement(), rowReadout.getElement());
        Div row = new Div(rowCaption, rowMap, scale, rowReadout, Blocks.sectionHint(
                "Row i of the matrix over the patch keys, laid on the patch grid: what token i attends to "
                        + "(prefix keys left out, not renormalised). Colours from 0 to the row's largest weight."));
        row.setId("row-panel");
        row.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "4px").set("width", ROW_MAP + "px")
                .set("max-width", "100%");
        layout(controls, matrix, row);
    }

    @Override
    void shown(AnatomyBackend.Anatomy a) {
        ViTAnatomy v = a.views();
        TokenLayout t = v.tokens();
        rowBase = Pictures.fit(v.image(), ROW_MAP);
        layer.setItems(IntStream.range(0, v.layers()).boxed().toList());
        layer.setValue(lastLayer(v));
        List<HeadSelection> choices = new ArrayList<>();
        for (HeadFusion f : HeadFusion.values()) {
            choices.add(HeadSelection.fused(f));
        }
        for (int h = 0; h < v.heads(); h++) {
            choices.add(HeadSelection.head(h));
        }
        heads.setItems(choices);
        heads.setValue(HeadSelection.MEAN);
        tokenChoice(query, IntStream.range(0, t.tokenCount()).boxed().toList(), t::tokenName, t.tokenCount(), 0);
        drawMatrix();
    }

    /** The matrix of the chosen layer and heads, and its chosen row. */
    private void drawMatrix() {
        AnatomyBackend.Anatomy a = anatomy();
        if (a == null || layer.getValue() == null || heads.getValue() == null) {
            return;
        }
        shown = a.views().attentionMatrix(layer.getValue(), heads.getValue());
        matrix.show(shown, queryToken());
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
        if (shown == null) {
            return;
        }
        int q = queryToken();
        Heatmap row = shown.rowMap(q);
        RenderOptions look = Pictures.options(Colormap.JET, 0.5, false);
        String name = shown.tokens().tokenName(q);
        rowMap.setSrc(Pictures.served(Pictures.overlayPng(rowBase, row, look),
                "attention-row-layer" + shown.layer() + "-" + shown.heads() + "-token" + q + ".png"));
        rowMap.getElement().setAttribute("data-query", String.valueOf(q));
        rowMap.setAlt("attention of query token " + name + " over the patches, layer " + shown.layer() + ", "
                + shown.heads().label());
        rowCaption.setText("query " + name + " → patches · layer " + shown.layer() + " · " + shown.heads().label());
        rowScale.setSrc(Pictures.dataUrl(Pictures.colorbarPng(look, false, 128, 8)));
        rowMax.setText(Pictures.number(row.max()));
        Pictures.readoutData(rowMap.getElement(), row.height(), row.width(), row.values(), null);
        matrix.select(q);
    }
}
