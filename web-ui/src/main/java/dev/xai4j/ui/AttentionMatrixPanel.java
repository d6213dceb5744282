package dev.xai4j.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.function.SerializableConsumer;
import dev.xai4j.anatomy.AttentionMatrix;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.render.Colormap;
import dev.xai4j.render.HeatmapRenderer;
import dev.xai4j.render.RenderOptions;

import java.util.List;
import java.util.Locale;

/**
 * One layer's attention matrix (one head or the heads fused) as a heatmap to read: query rows, key
 * columns, both axes labelled by token ({@code CLS}, {@code DIST}, {@code REGk}, {@code r,c}; every
 * k-th when they would overlap), a colour bar from 0 to the largest entry, the value under the
 * pointer (text below and the matrix's tooltip) and, for small models ({@code N ≤ }{@value #VALUES_MAX}),
 * every value written in its cell, with its own tooltip. A white rule separates the prefix tokens
 * from the patches. Clicking a row selects that query token (the page then maps the row over the
 * image); the selected row is outlined.
 *
 * <p>The matrix is an {@code N × N} PNG, one pixel per entry, scaled up by the browser without
 * smoothing, so that N = 197 (ViT-B/16) costs a few kilobytes rather than 38 809 elements. Values
 * for the pointer readout are sent as JSON up to {@value #HOVER_MAX} tokens.
 *
 * <p>For tests: the root is {@code #attention-matrix} with {@code data-size}, {@code data-layer},
 * {@code data-heads} and {@code data-query}; inside, {@code [data-testid=matrix-image]},
 * {@code [data-testid=matrix-colorbar]}, {@code [data-testid=matrix-readout]}, the row outline
 * {@code [data-testid=matrix-row]}, labels {@code .xai-matrix-label} and value cells {@code .xai-matrix-cell}.
 */
final class AttentionMatrixPanel extends Div {

    private static final long serialVersionUID = 1L;
    /** Largest N whose cells carry their values as text. */
    static final int VALUES_MAX = 20;
    /** Largest N whose values are sent for the pointer readout (N² numbers). */
    static final int HOVER_MAX = 400;
    /** Side of the matrix on screen, in CSS pixels. */
    static final int SIDE = 480;
    /** Labels are at least this far apart, in CSS pixels (their font is 11 px). */
    private static final double LABEL_SPACING = 12;
    /** The colour scale: perceptually uniform and readable in grey, as in the SDK's figures. */
    private static final Colormap SCALE = Colormap.VIRIDIS;
    /** Where in the matrix a click is, as a fraction of its height: the client evaluates it. */
    private static final String CLICK_Y = "(event.clientY - element.getBoundingClientRect().top) / element.getBoundingClientRect().height";
    /** The row of the cell the keyboard reads now. */
    private static final String KEY_ROW = "element.__xaiAt ? element.__xaiAt.y : 0";
    private static final String IDLE = "hover or tap a cell for its value · click a row (or Enter) to map it over the image";

    private final SerializableConsumer<Integer> onRow;
    private final Div box = new Div();
    private final Image image = new Image();
    private final Div cells = new Div();
    private final Div rowMark = new Div();
    private final Div rules = new Div();
    private final Div rowLabels = new Div();
    private final Div columnLabels = new Div();
    private final Image colorbar = new Image();
    private final Span scaleMax = new Span();
    private final Span readout = new Span();
    private AttentionMatrix matrix;

    /** @param onRow hears the query token of a clicked row */
    AttentionMatrixPanel(SerializableConsumer<Integer> onRow) {
        this.onRow = onRow;
        setId("attention-matrix");
        getElement().setAttribute("data-testid", "attention-matrix");
        // the matrix shrinks with a narrow screen (a phone) rather than push the page sideways
        getStyle().set("display", "grid").set("grid-template-columns", "auto minmax(0, " + SIDE + "px)").set("gap", "2px 4px")
                .set("align-items", "stretch").set("max-width", "100%").set("min-width", "0").set("flex", "0 1 auto");

        image.getElement().setAttribute("data-testid", "matrix-image");
        image.setAlt("attention matrix");
        image.getStyle().set("display", "block").set("width", "100%").set("height", "100%")
                .set("image-rendering", "pixelated");
        cells.getStyle().set("position", "absolute").set("inset", "0").set("display", "grid");
        rules.getStyle().set("position", "absolute").set("inset", "0").set("pointer-events", "none");
        rowMark.getElement().setAttribute("data-testid", "matrix-row");
        rowMark.getStyle().set("position", "absolute").set("left", "0").set("right", "0").set("pointer-events", "none")
                .set("outline", "2px solid #ff3b30").set("box-shadow", "0 0 0 3px rgba(255, 255, 255, 0.7)");
        rowMark.setVisible(false);
        box.add(image, cells, rules, rowMark);
        box.getElement().setAttribute("role", "img");
        box.getStyle().set("position", "relative").set("width", SIDE + "px").set("max-width", "100%")
                .set("aspect-ratio", "1 / 1")
                .set("cursor", "pointer").set("background", "var(--lumo-contrast-5pct)");
        box.getElement().addEventListener("click", e -> {
            if (matrix != null) {
                onRow.accept(rowAt(e.getEventData().getNumber(CLICK_Y)));
            }
        }).addEventData(CLICK_Y);
        // the keyboard: arrow keys move the cell read (see Pictures.readout), Enter maps its row
        box.getElement().addEventListener("keydown", e -> {
            if (matrix != null) {
                onRow.accept(Math.max(0, Math.min(matrix.size() - 1, (int) e.getEventData().getNumber(KEY_ROW))));
            }
        }).addEventData(KEY_ROW).setFilter("event.key === 'Enter'");

        for (Div labels : new Div[]{rowLabels, columnLabels}) {
            labels.getStyle().set("position", "relative").set("font-size", "11px").set("line-height", "1")
                    .set("font-variant-numeric", "tabular-nums").set("color", "var(--lumo-secondary-text-color)");
        }

        colorbar.getElement().setAttribute("data-testid", "matrix-colorbar");
        colorbar.setAlt("colour scale");
        colorbar.getStyle().set("flex", "1").set("height", "10px").set("min-width", "40px").set("border-radius", "2px");
        Span zero = new Span("0");
        Span what = new Span("attention weight");
        for (Span s : new Span[]{zero, scaleMax, what}) {
            s.getStyle().set("font-size", "var(--lumo-font-size-xxs)").set("color", "var(--lumo-secondary-text-color)")
                    .set("font-variant-numeric", "tabular-nums").set("flex", "none");
        }
        Div scale = new Div(zero, colorbar, scaleMax, what);
        scale.getStyle().set("display", "flex").set("align-items", "center").set("gap", "4px").set("margin-top", "4px");

        readout.getElement().setAttribute("data-testid", "matrix-readout");
        readout.getElement().setAttribute("data-idle", IDLE);
        readout.setText(IDLE);
        readout.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)")
                .set("font-variant-numeric", "tabular-nums").set("min-height", "1.4em");
        Pictures.readout(box.getElement(), readout.getElement());

        add(new Div(), columnLabels, rowLabels, box, new Div(), scale, new Div(), readout);
    }

    /** Shows a matrix, with row {@code query} selected. */
    void show(AttentionMatrix m, int query) {
        matrix = m;
        int n = m.size();
        List<String> names = m.tokenNames();
        getElement().setAttribute("data-size", String.valueOf(n));
        getElement().setAttribute("data-layer", String.valueOf(m.layer()));
        getElement().setAttribute("data-heads", m.heads().toString());
        box.getElement().setAttribute("aria-label", "attention matrix of layer " + m.layer() + ", " + m.heads().label()
                + ", " + n + " × " + n + " tokens");

        RenderOptions look = Pictures.options(SCALE, 1, false);
        Heatmap values = new Heatmap(m.values(), n, n);
        image.setSrc(Pictures.dataUrl(HeatmapRenderer.png(HeatmapRenderer.colorize(values, n, n, look))));
        colorbar.setSrc(Pictures.dataUrl(Pictures.colorbarPng(look, false, 256, 10)));
        float max = m.max();
        scaleMax.setText(Pictures.number(max));
        colorbar.setTitle("0 … " + Pictures.number(max) + ", the largest entry");
        Pictures.readoutData(box.getElement(), n, n, n <= HOVER_MAX ? m.values() : null, names);

        labels(names);
        prefixRules(m.tokens().prefixTokens(), n);
        valueCells(m, names, max);
        select(query);
    }

    /** Outlines row {@code query} (the row the page maps over the image). */
    void select(int query) {
        if (matrix == null) {
            return;
        }
        int n = matrix.size();
        getElement().setAttribute("data-query", String.valueOf(query));
        rowMark.getStyle().set("top", percent(query, n)).set("height", percent(1, n));
        rowMark.setVisible(true);
    }

    /** The row at a fraction of the matrix's height, clamped to the rows. */
    int rowAt(double fraction) {
        int n = matrix.size();
        return Math.max(0, Math.min(n - 1, (int) Math.floor(fraction * n)));
    }

    /** Every {@link #labelStep}-th token name along both axes, centred on its row or column. */
    private void labels(List<String> names) {
        int n = names.size();
        int step = labelStep(n);
        int longest = names.stream().mapToInt(String::length).max().orElse(1);
        // the label strips are as wide (rows) or tall (columns) as the longest name, at ~0.62 em a digit
        String extent = "calc(" + longest + " * 0.62em + 8px)";
        rowLabels.removeAll();
        columnLabels.removeAll();
        rowLabels.getStyle().set("width", extent);
        columnLabels.getStyle().set("height", extent);
        for (int i = 0; i < n; i += step) {
            Span row = label(names.get(i));
            row.getStyle().set("right", "4px").set("top", percent(i + 0.5, n)).set("transform", "translateY(-50%)");
            rowLabels.add(row);
            Span column = label(names.get(i));
            column.getStyle().set("bottom", "4px").set("left", percent(i + 0.5, n)).set("writing-mode", "vertical-rl")
                    .set("transform", "translateX(-50%) rotate(180deg)");
            columnLabels.add(column);
        }
    }

    /** Label every step-th token so that labels {@link #LABEL_SPACING} apart never overlap. */
    static int labelStep(int n) {
        return Math.max(1, (int) Math.ceil(LABEL_SPACING / ((double) SIDE / n)));
    }

    private static Span label(String text) {
        Span s = new Span(text);
        s.addClassName("xai-matrix-label");
        s.getStyle().set("position", "absolute").set("white-space", "nowrap");
        return s;
    }

    /** Lines after the prefix tokens (CLS, DIST, registers), as the SDK's figure draws them. */
    private void prefixRules(int prefix, int n) {
        rules.removeAll();
        if (prefix <= 0 || prefix >= n) {
            return;
        }
        Div across = new Div();
        across.getStyle().set("position", "absolute").set("left", "0").set("right", "0").set("top", percent(prefix, n))
                .set("border-top", "1px solid rgba(255, 255, 255, 0.85)");
        Div down = new Div();
        down.getStyle().set("position", "absolute").set("top", "0").set("bottom", "0").set("left", percent(prefix, n))
                .set("border-left", "1px solid rgba(255, 255, 255, 0.85)");
        rules.add(across, down);
    }

    /** For N ≤ {@value #VALUES_MAX}: each value written in its cell, dark or light against the cell's colour. */
    private void valueCells(AttentionMatrix m, List<String> names, float max) {
        cells.removeAll();
        int n = m.size();
        if (n > VALUES_MAX) {
            return;
        }
        cells.getStyle().set("grid-template-columns", "repeat(" + n + ", 1fr)").set("grid-template-rows", "repeat(" + n + ", 1fr)")
                .set("font-size", Math.min(13, SIDE / n / 3.4) + "px");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                float v = m.get(i, j);
                Span cell = new Span(String.format(Locale.ROOT, "%.2f", v));
                cell.addClassName("xai-matrix-cell");
                cell.setTitle("query " + names.get(i) + " → key " + names.get(j) + ": " + Pictures.number(v));
                cell.getStyle().set("display", "flex").set("align-items", "center").set("justify-content", "center")
                        .set("color", lightText(SCALE.rgb(max > 0 ? v / max : 0)) ? "#fff" : "#111");
                cells.add(cell);
            }
        }
    }

    /** Whether white text reads better than black on a colour (relative luminance below ~0.45). */
    private static boolean lightText(int rgb) {
        double y = (0.2126 * (rgb >> 16 & 0xff) + 0.7152 * (rgb >> 8 & 0xff) + 0.0722 * (rgb & 0xff)) / 255;
        return y < 0.45;
    }

    private static String percent(double at, int n) {
        return String.format(Locale.ROOT, "%.4f%%", 100 * at / n);
    }
}
