package dev.xai4j.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Input;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.function.SerializableConsumer;

import java.util.Locale;

/**
 * A labelled range slider (the browser's {@code <input type=range>}: Vaadin 24's free components have
 * none). The value label follows the thumb while dragging; listeners hear the value once it is let go.
 */
class Slider extends Div {

    private static final long serialVersionUID = 1L;

    private final Input input = new Input(ValueChangeMode.ON_CHANGE);
    private final Span value = new Span();
    private final Div top = new Div();
    private final int decimals;
    private final double min;
    private final double max;

    /**
     * @param label    what it sets
     * @param min      smallest value
     * @param max      largest value
     * @param step     granularity
     * @param decimals decimals shown
     * @param initial  starting value
     */
    Slider(String label, double min, double max, double step, int decimals, double initial) {
        this.decimals = decimals;
        this.min = min;
        this.max = max;
        input.setType("range");
        input.getElement().setAttribute("min", format(min));
        input.getElement().setAttribute("max", format(max));
        input.getElement().setAttribute("step", format(step));
        input.getElement().setAttribute("aria-label", label);
        input.setValue(format(clamp(initial)));
        // the range gets the whole width under its label and value: a 100-step range needs the room
        input.getStyle().set("width", "100%").set("margin", "0").set("box-sizing", "border-box")
                .set("accent-color", "var(--lumo-primary-color)");
        Span name = new Span(label);
        name.getStyle().set("flex", "1 1 auto").set("color", "var(--lumo-secondary-text-color)");
        value.setText(format(clamp(initial)));
        value.getStyle().set("flex", "none").set("min-width", "2.6em").set("text-align", "right")
                .set("font-variant-numeric", "tabular-nums");
        top.add(name, value);
        top.getStyle().set("display", "flex").set("align-items", "baseline").set("gap", "6px").set("line-height", "1.2");
        add(top, input);
        getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "0")
                .set("font-size", "var(--lumo-font-size-s)").set("width", "100%");
        // the label follows the thumb while it is dragged, before the value is committed
        input.getElement().executeJs("const out = $0, d = $1;"
                + "this.addEventListener('input', () => out.textContent = Number(this.value).toFixed(d));",
                value.getElement(), decimals);
        input.addValueChangeListener(e -> value.setText(format(doubleValue())));
    }

    /** Label, range and value on one line, for a toolbar. */
    Slider inline() {
        getStyle().set("flex-direction", "row").set("align-items", "center").set("gap", "6px");
        top.getStyle().set("display", "contents");
        value.getStyle().set("order", "2");
        input.getStyle().set("flex", "1 1 auto").set("min-width", "60px").set("width", null);
        return this;
    }

    /** The value as a number. */
    double doubleValue() {
        try {
            return clamp(Double.parseDouble(input.getValue()));
        } catch (NumberFormatException e) {
            return min;
        }
    }

    /** Sets the value without telling the listeners. */
    void setQuietly(double v) {
        input.setValue(format(clamp(v)));
        value.setText(format(clamp(v)));
    }

    /** Called with the value each time the user lets go of the thumb at a new value. */
    void onChange(SerializableConsumer<Double> listener) {
        input.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                listener.accept(doubleValue());
            }
        });
    }

    /** The native input, e.g. for an id. */
    Input input() {
        return input;
    }

    private double clamp(double v) {
        return Math.max(min, Math.min(max, v));
    }

    private String format(double v) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
