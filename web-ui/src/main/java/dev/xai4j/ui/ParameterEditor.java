package dev.xai4j.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.select.SelectVariant;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.NumberField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.textfield.TextFieldVariant;
import dev.xai4j.explain.ParameterSpec;
import dev.xai4j.model.Capabilities;
import dev.xai4j.model.ModelInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Controls for one method's parameters, generated from its {@link ParameterSpec}s and the model:
 * block indices become sliders over the model's blocks, a head index a choice of "all heads" or one
 * head, Grad-CAM's layer on a CNN a choice of feature maps, bounded numbers sliders, choices selects,
 * booleans checkboxes, anything else a text or number field. Each committed change calls back once.
 */
final class ParameterEditor extends Div {

    private static final long serialVersionUID = 1L;

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Runnable onChange;
    private final Map<String, String> initial;
    private final Map<String, Component> controls = new LinkedHashMap<>();

    /**
     * @param initial values to start from instead of the defaults, as text (from a shared link); a value
     *                that does not parse as its parameter's type is left out
     */
    ParameterEditor(String method, List<ParameterSpec> specs, ModelInfo model, Map<String, String> initial, Runnable onChange) {
        this.onChange = onChange;
        this.initial = Map.copyOf(initial);
        getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "2px").set("width", "100%");
        for (ParameterSpec s : specs) {
            Component c = control(method, s, model);
            if (c != null) {
                c.getElement().setAttribute("data-parameter", s.name());
                controls.put(s.name(), c);
                add(c);
            }
        }
        updateDependents();
    }

    /**
     * Greys out parameters that do nothing in the current setting: the head fusion when one head is
     * chosen, the blur of integrated gradients' baseline when the baseline is black.
     */
    private void updateDependents() {
        enable("head_fusion", !(values.get("head") instanceof Integer h) || h < 0);
        enable("blur_sigma", !values.containsKey("baseline") || "blurred".equals(values.get("baseline")));
    }

    private void enable(String name, boolean on) {
        Component c = controls.get(name);
        if (c instanceof com.vaadin.flow.component.HasEnabled e) {
            e.setEnabled(on);
        }
        if (c != null) {
            c.getElement().getStyle().set("opacity", on ? null : "0.5");
        }
    }

    /** The parameters as set now (every parameter that has a control, defaults included). */
    Map<String, Object> values() {
        return new LinkedHashMap<>(values);
    }

    private void set(String name, Object value) {
        if (!value.equals(values.get(name))) {
            values.put(name, value);
            updateDependents();
            onChange.run();
        }
    }

    private Component control(String method, ParameterSpec s, ModelInfo model) {
        String name = s.name();
        String label = name.replace('_', ' ');
        int depth = model.depth();
        Capabilities caps = model.capabilities();
        // a feature map where every feature map stands for a block (a transformer's) is a block index too
        boolean blockMaps = caps.featureMapNames().equals(caps.blockFeatureMaps());
        boolean block = s.meaning() == ParameterSpec.Meaning.BLOCK
                || (s.meaning() == ParameterSpec.Meaning.FEATURE_MAP && blockMaps);
        if (block && depth > 0 && (s.type() == ParameterSpec.Type.INTEGER || s.type() == ParameterSpec.Type.TEXT)) {
            // a block index: negative values count from the end
            int initial = blockIndex(start(s), depth);
            boolean text = s.type() == ParameterSpec.Type.TEXT;
            values.put(name, text ? String.valueOf(initial) : (Object) initial);
            Slider slider = new Slider(label, 0, depth - 1, 1, 0, initial);
            slider.onChange(v -> set(name, text ? String.valueOf(v.intValue()) : (Object) v.intValue()));
            return slider;
        }
        if (s.meaning() == ParameterSpec.Meaning.FEATURE_MAP) {
            List<String> maps = caps.featureMapNames();
            String initial = this.initial.containsKey(name) && maps.contains(String.valueOf(start(s))) ? String.valueOf(start(s))
                    : caps.lastFeatureMap().name();
            values.put(name, initial);
            return select(label, maps, initial, v -> set(name, v));
        }
        if (s.meaning() == ParameterSpec.Meaning.HEAD && caps.attention().isPresent()) {
            int heads = caps.attention().get().heads();
            List<String> items = new ArrayList<>();
            items.add("all (fused)");
            IntStream.range(0, heads).forEach(h -> items.add("head " + h));
            int initial = ((Number) start(s)).intValue();
            values.put(name, initial);
            return select("head", items, initial < 0 ? items.get(0) : "head " + initial,
                    v -> set(name, v.startsWith("head ") ? Integer.parseInt(v.substring(5)) : -1));
        }
        return switch (s.type()) {
            case CHOICE -> {
                values.put(name, start(s));
                yield select(label, s.choices(), (String) start(s), v -> set(name, v));
            }
            case BOOLEAN -> {
                boolean initial = Boolean.TRUE.equals(start(s));
                values.put(name, initial);
                Checkbox box = new Checkbox(label, initial);
                box.addValueChangeListener(e -> set(name, e.getValue()));
                yield box;
            }
            case NUMBER -> {
                double initial = ((Number) start(s)).doubleValue();
                values.put(name, initial);
                if (s.min() != null && s.max() != null && s.max() - s.min() <= 1000) {
                    double span = s.max() - s.min();
                    double step = niceStep(span / 100);
                    // keep the slider's positions on the bound (a range from 0.5 moves in halves, not from 0.5 by 1)
                    while (Math.abs(s.min() / step - Math.rint(s.min() / step)) > 1e-9) {
                        step = niceStep(step / 2);
                    }
                    double max = s.maxExclusive() ? s.max() - step : s.max();
                    int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step)));
                    Slider slider = new Slider(label, s.min(), max, step, decimals, initial);
                    slider.onChange(v -> set(name, v));
                    yield slider;
                }
                NumberField f = new NumberField(label);
                f.setValue(initial);
                if (s.min() != null) {
                    f.setMin(s.min());
                }
                if (s.max() != null) {
                    f.setMax(s.max());
                }
                compact(f);
                f.addValueChangeListener(e -> {
                    if (e.getValue() != null && !f.isInvalid()) {
                        set(name, e.getValue());
                    }
                });
                yield f;
            }
            case INTEGER -> {
                int initial = ((Number) start(s)).intValue();
                values.put(name, initial);
                if (s.min() != null && s.max() != null && s.max() - s.min() <= 32) {
                    Slider slider = new Slider(label, s.min(), s.max(), 1, 0, initial);
                    slider.onChange(v -> set(name, v.intValue()));
                    yield slider;
                }
                IntegerField f = new IntegerField(label);
                f.setValue(initial);
                f.setStepButtonsVisible(true);
                if (s.min() != null) {
                    f.setMin(s.min().intValue());
                }
                if (s.max() != null) {
                    f.setMax(s.max().intValue());
                }
                compact(f);
                f.addValueChangeListener(e -> {
                    if (e.getValue() != null && !f.isInvalid()) {
                        set(name, e.getValue());
                    }
                });
                yield f;
            }
            case TEXT -> {
                String initial = String.valueOf(start(s));
                values.put(name, initial);
                TextField f = new TextField(label);
                f.setValue(initial);
                f.setPlaceholder("default");
                f.setTooltipText(s.description());
                compact(f);
                f.addValueChangeListener(e -> set(name, e.getValue().trim()));
                yield f;
            }
        };
    }

    /** Where a parameter starts: its initial value parsed as its type, else its default. */
    private Object start(ParameterSpec s) {
        String v = initial.get(s.name());
        if (v == null) {
            return s.defaultValue();
        }
        try {
            return switch (s.type()) {
                case INTEGER -> Integer.parseInt(v.trim());
                case NUMBER -> Double.parseDouble(v.trim());
                case BOOLEAN -> Boolean.parseBoolean(v.trim());
                case CHOICE -> s.choices().contains(v) ? v : s.defaultValue();
                case TEXT -> v;
            };
        } catch (NumberFormatException e) {
            return s.defaultValue();
        }
    }

    private Select<String> select(String label, List<String> items, String initial,
                                  com.vaadin.flow.function.SerializableConsumer<String> listener) {
        Select<String> sel = new Select<>();
        sel.setLabel(label);
        sel.setItems(items);
        sel.setValue(initial);
        sel.addThemeVariants(SelectVariant.LUMO_SMALL);
        sel.setWidthFull();
        sel.getStyle().set("--vaadin-input-field-label-font-size", "var(--lumo-font-size-xs)")
                .set("padding-top", "0");
        sel.addValueChangeListener(e -> {
            if (e.isFromClient() && e.getValue() != null) {
                listener.accept(e.getValue());
            }
        });
        return sel;
    }

    private static void compact(com.vaadin.flow.component.textfield.TextFieldBase<?, ?> f) {
        f.getElement().getThemeList().add(TextFieldVariant.LUMO_SMALL.getVariantName());
        f.setWidthFull();
        f.getStyle().set("padding-top", "0");
    }

    /** A block index in [0, depth) from a default that may count from the end. */
    private static int blockIndex(Object v, int depth) {
        int i;
        try {
            i = v instanceof Number n ? n.intValue() : String.valueOf(v).isBlank() ? -1 : Integer.parseInt(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            i = -1;
        }
        if (i < 0) {
            i += depth;
        }
        return Math.max(0, Math.min(depth - 1, i));
    }

    /** 1, 2 or 5 times a power of ten, at most {@code v}. */
    private static double niceStep(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        double m = v / p;
        return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
    }
}
