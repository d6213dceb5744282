package dev.xai4j.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.dom.Element;
import dev.xai4j.eval.Agreement;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.render.Colormap;

import java.util.List;
import java.util.Locale;

/**
 * Spearman's rank correlation between the maps shown (for the same image and class): 1 where two
 * methods order the image's regions alike, 0 where they are unrelated, negative where they disagree.
 * Cells are coloured blue (−1), white (0), red (+1). Signed maps (LRP relevance, input × gradient)
 * are compared on their magnitudes {@code |v|}, as the literature compares attributions: how much a
 * region matters, whatever the sign (a signed map against an unsigned one would otherwise read as
 * unrelated where both point at the same object); their names carry {@code |·|}.
 */
final class AgreementTable extends Div {

    private static final long serialVersionUID = 1L;

    private final Div body = new Div();

    AgreementTable() {
        setId("agreement");
        Span title = new Span("Agreement between methods");
        title.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-s)");
        Span hint = new Span("Spearman ρ of the maps' rank orders (maps of different sizes compared on the finer grid); "
                + "signed maps, marked |·|, are compared on their absolute values: how much a region matters, whatever the sign");
        hint.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
        Div head = new Div(title, hint);
        head.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("align-items", "baseline").set("gap", "4px 10px");
        add(head, body);
        body.getStyle().set("overflow-x", "auto");
        show(List.of(), List.of());
    }

    /** Dims the table while new maps are computed (it stays until they come). */
    void setBusy(boolean busy) {
        getStyle().set("opacity", busy ? "0.5" : null);
    }

    /** {@code |v|} of a signed map: what the table compares. */
    static Heatmap magnitude(Heatmap map) {
        float[] v = map.values().clone();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
        }
        return new Heatmap(v, map.height(), map.width());
    }

    /** The matrix of these maps, or a hint when there are fewer than two. */
    void show(List<String> names, List<Heatmap> maps) {
        body.removeAll();
        if (maps.size() < 2) {
            Span none = new Span("Shown once two or more maps are computed for the same class.");
            none.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
            body.add(none);
            return;
        }
        double[][] rho = Agreement.spearmanMatrix(maps);
        Element table = new Element("table");
        table.getStyle().set("border-collapse", "separate").set("border-spacing", "2px")
                .set("font-size", "var(--lumo-font-size-s)").set("font-variant-numeric", "tabular-nums");
        Element header = new Element("tr");
        Element corner = new Element("th").setText("method");
        corner.getStyle().set("font-weight", "500").set("color", "var(--lumo-secondary-text-color)").set("text-align", "left")
                .set("font-size", "var(--lumo-font-size-xs)");
        header.appendChild(corner);
        for (int j = 0; j < names.size(); j++) {
            Element th = new Element("th").setText(String.valueOf(j + 1));
            th.setAttribute("title", names.get(j));
            th.getStyle().set("font-weight", "500").set("color", "var(--lumo-secondary-text-color)").set("padding", "0 4px");
            header.appendChild(th);
        }
        table.appendChild(header);
        for (int i = 0; i < names.size(); i++) {
            Element tr = new Element("tr");
            Element th = new Element("th").setText((i + 1) + "  " + names.get(i));
            th.getStyle().set("text-align", "left").set("font-weight", "500").set("padding-right", "8px")
                    .set("white-space", "nowrap");
            tr.appendChild(th);
            for (int j = 0; j < names.size(); j++) {
                double r = Math.abs(rho[i][j]) < 0.005 ? 0 : rho[i][j];
                int rgb = Colormap.BLUE_WHITE_RED.rgbSigned(0.75 * r);
                Element td = new Element("td").setText(String.format(Locale.ROOT, "%.2f", r));
                td.setAttribute("title", names.get(i) + " vs " + names.get(j) + ": ρ = " + String.format(Locale.ROOT, "%.3f", r));
                td.getStyle().set("background", String.format("#%06x", rgb)).set("color", "#1a1a1a")
                        .set("text-align", "center").set("min-width", "3.2em").set("padding", "3px 6px")
                        .set("border-radius", "3px");
                tr.appendChild(td);
            }
            table.appendChild(tr);
        }
        body.getElement().appendChild(table);
    }
}
