package dev.xai4j.ui;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.ComboBoxVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.function.SerializableConsumer;
import dev.xai4j.model.Prediction;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The model's top classes with their probabilities; clicking one explains it. A combo box below takes
 * any of the model's labels (typed in any case); a label the model does not have is an error in the
 * field, and the maps keep explaining the class they explain. The class explained now is highlighted
 * in both. A second class, chosen with a row's "vs" or the "Rather than" box, makes the explanation
 * contrastive: why the explained class rather than that one. While new results are computed the last
 * prediction stays, dimmed.
 */
final class PredictionPanel extends Div {

    private static final long serialVersionUID = 1L;

    private final Div rows = new Div();
    private final ComboBox<Integer> target = new ComboBox<>("Explain class");
    private final ComboBox<Integer> rather = new ComboBox<>("Rather than");
    private final ProgressBar progress = new ProgressBar();
    private final SerializableConsumer<Integer> onTarget;
    private final SerializableConsumer<Integer> onContrast;
    private List<String> labels = List.of();
    private Prediction prediction;
    private Integer current;
    private Integer contrast;

    /**
     * @param onTarget   a class was chosen to explain
     * @param onContrast a class was chosen to contrast it with, or null to explain the class alone
     */
    PredictionPanel(SerializableConsumer<Integer> onTarget, SerializableConsumer<Integer> onContrast) {
        this.onTarget = onTarget;
        this.onContrast = onContrast;
        setId("prediction");
        rows.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "2px");
        progress.setIndeterminate(true);
        progress.getStyle().set("margin", "4px 0");
        progress.setVisible(false);
        target.setId("target");
        target.setWidthFull();
        target.addThemeVariants(ComboBoxVariant.LUMO_SMALL);
        target.setPlaceholder("type a label");
        target.setHelperText("or click a class above");
        target.setItemLabelGenerator(i -> i < labels.size() ? labels.get(i) : String.valueOf(i));
        target.setAllowCustomValue(true);
        target.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                target.setInvalid(false);
                if (!e.getValue().equals(current)) {
                    onTarget.accept(e.getValue());
                }
            }
        });
        target.addCustomValueSetListener(e -> typed(e.getDetail()));
        rather.setId("rather");
        rather.setWidthFull();
        rather.addThemeVariants(ComboBoxVariant.LUMO_SMALL);
        rather.setPlaceholder("no second class");
        rather.setHelperText("why the class above and not this one");
        rather.setClearButtonVisible(true);
        rather.setItemLabelGenerator(i -> i < labels.size() ? labels.get(i) : String.valueOf(i));
        rather.addValueChangeListener(e -> {
            if (e.isFromClient() && !java.util.Objects.equals(e.getValue(), contrast)) {
                onContrast.accept(e.getValue());
            }
        });
        add(progress, rows, target, rather);
    }

    /** A label typed that is none of the list's items as written: a class in another case, or an error. */
    private void typed(String text) {
        String t = text == null ? "" : text.trim();
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).equalsIgnoreCase(t)) {
                target.setInvalid(false);
                if (Integer.valueOf(i).equals(current)) {
                    target.setValue(i);
                } else {
                    onTarget.accept(i);
                }
                return;
            }
        }
        String now = current != null && current < labels.size() ? labels.get(current) : null;
        target.setErrorMessage("No class “" + t + "” in this model" + (now == null ? "" : "; the maps still explain “" + now + "”"));
        target.setInvalid(true);
    }

    /** The model's labels (new model); the last prediction stays until the new model's comes. */
    void setLabels(List<String> labels) {
        this.labels = List.copyOf(labels);
        target.setItems(IntStream.range(0, labels.size()).boxed().toList());
        rather.setItems(IntStream.range(0, labels.size()).boxed().toList());
        current = null;
        contrast = null;
        target.setValue(null);
        target.setInvalid(false);
        rather.setValue(null);
    }

    /** No prediction (new image). */
    void clear() {
        prediction = null;
        current = null;
        contrast = null;
        rows.removeAll();
        target.setValue(null);
        rather.setValue(null);
    }

    /** Whether work is under way: the last prediction is dimmed meanwhile. */
    void setBusy(boolean busy) {
        progress.setVisible(busy);
        rows.getStyle().set("opacity", busy ? "0.5" : null);
        getElement().setAttribute("data-busy", String.valueOf(busy));
    }

    /** The prediction and the class explained. */
    void show(Prediction p, Integer explained) {
        prediction = p;
        select(explained);
    }

    /** Marks a class as the one explained, rather than {@code contrastWith} (null: alone). */
    void select(Integer explained, Integer contrastWith) {
        contrast = contrastWith;
        rather.setValue(contrastWith);
        select(explained);
    }

    /** Marks a class as the one explained. */
    void select(Integer explained) {
        current = explained;
        target.setValue(explained);
        target.setInvalid(false);
        rows.removeAll();
        if (prediction == null) {
            return;
        }
        for (Prediction.ClassScore c : prediction.top()) {
            rows.add(row(c, c.index() == (explained == null ? -1 : explained),
                    contrast != null && c.index() == contrast));
        }
    }

    private void choose(int index) {
        if (!Integer.valueOf(index).equals(current)) {
            onTarget.accept(index);
        }
    }

    private Div row(Prediction.ClassScore c, boolean selected, boolean contrasted) {
        Span name = new Span(c.label());
        name.getStyle().set("flex", "1").set("white-space", "nowrap").set("overflow", "hidden")
                .set("text-overflow", "ellipsis").set("font-weight", selected ? "600" : "400");
        Span pct = new Span(String.format(Locale.ROOT, "%.1f %%", 100 * c.probability()));
        pct.getStyle().set("flex", "none").set("font-variant-numeric", "tabular-nums")
                .set("color", "var(--lumo-secondary-text-color)");
        Div bar = new Div();
        bar.getStyle().set("position", "absolute").set("left", "0").set("top", "0").set("bottom", "0")
                .set("width", String.format(Locale.ROOT, "%.1f%%", 100 * c.probability()))
                // light enough behind the text for a 4.5:1 contrast (the 50 % primary was 4.3:1)
                .set("background", selected ? "hsla(214, 90%, 52%, 0.3)" : "var(--lumo-primary-color-10pct)")
                .set("border-radius", "var(--lumo-border-radius-s)").set("z-index", "0");
        // "vs": explain the chosen class rather than this one (again: back to the class alone)
        Span vs = new Span("vs");
        vs.addClassName("xai-vs");
        // a pointer shortcut inside the row (itself a button): hidden from assistive technology, which
        // reaches the same choice through the "Rather than" box, so that no control nests in another
        vs.getElement().setAttribute("aria-hidden", "true");
        vs.getElement().setAttribute("data-contrasted", String.valueOf(contrasted));
        vs.setTitle(contrasted ? "Explain the class alone again" : "Explain the chosen class rather than '" + c.label() + "'");
        vs.getStyle().set("flex", "none").set("font-size", "var(--lumo-font-size-xs)").set("padding", "0 4px")
                .set("border-radius", "var(--lumo-border-radius-s)").set("cursor", "pointer")
                .set("color", contrasted ? "var(--lumo-primary-contrast-color)" : "var(--lumo-secondary-text-color)")
                .set("background", contrasted ? "var(--lumo-primary-color)" : "var(--lumo-contrast-10pct)")
                .set("visibility", selected ? "hidden" : "visible");
        vs.getElement().addEventListener("click", e -> onContrast.accept(contrasted ? null : c.index()))
                .addEventData("event.stopPropagation()");
        Div text = new Div(name, pct, vs);
        text.getStyle().set("position", "relative").set("display", "flex").set("gap", "8px").set("z-index", "1");
        Div row = new Div(bar, text);
        row.addClassName("xai-class");
        row.getElement().setAttribute("data-class", String.valueOf(c.index()));
        row.getElement().setAttribute("role", "button");
        row.getElement().setAttribute("tabindex", "0");
        row.getElement().setAttribute("aria-pressed", String.valueOf(selected));
        row.setTitle("Explain '" + c.label() + "' (logit " + Pictures.number(c.logit()) + ")");
        row.getStyle().set("position", "relative").set("padding", "3px 6px").set("cursor", "pointer")
                .set("font-size", "var(--lumo-font-size-s)").set("border-radius", "var(--lumo-border-radius-s)")
                .set("outline", selected ? "2px solid var(--lumo-primary-color)" : "none").set("outline-offset", "-2px");
        row.addClickListener(e -> choose(c.index()));
        row.getElement().addEventListener("keydown", e -> choose(c.index()))
                .setFilter("event.key === 'Enter' || event.key === ' '");
        return row;
    }
}
