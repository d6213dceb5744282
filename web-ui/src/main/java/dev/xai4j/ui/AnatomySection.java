package dev.xai4j.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.combobox.ComboBoxVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.select.SelectVariant;
import com.vaadin.flow.function.SerializableFunction;
import com.vaadin.flow.function.SerializableSupplier;
import dev.xai4j.anatomy.AnatomyFigures;
import dev.xai4j.anatomy.ViTAnatomy;
import dev.xai4j.model.TokenLayout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One section of the {@link AnatomyView}: a card with a title, a hint, optional controls and its
 * figures, filled from one {@link AnatomyBackend.Anatomy}. The figures that do not depend on a choice
 * come drawn by the backend ({@link #figure}); a figure of a choice (another layer, another patch) is
 * drawn again off the UI thread ({@link #redraw}).
 *
 * <p>Token choices are filled through {@link #tokenChoice}, which never lets a label generator meet
 * the items of another model: a 65-token model followed by a 197-token one must not ask the old
 * layout for token 65.
 */
abstract class AnatomySection extends Div {

    private static final long serialVersionUID = 1L;

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

    /** Draws one figure of the anatomy for one choice. */
    @FunctionalInterface
    interface FigureOf extends java.io.Serializable {
        byte[] draw(ViTAnatomy anatomy, int choice);
    }

    private final String title;
    private final String hint;
    private final PendingWork work;
    private final Map<Drawn, Image> drawn = new LinkedHashMap<>();
    /** The anatomy shown, or null. */
    private AnatomyBackend.Anatomy anatomy;

    /**
     * @param id    the card's id (also the table of contents' anchor)
     * @param title the section's heading
     * @param hint  one or two sentences on how to read it
     * @param work  the page's work off the UI thread
     */
    AnatomySection(String id, String title, String hint, PendingWork work) {
        this.title = title;
        this.hint = hint;
        this.work = work;
        setId(id);
        addClassName("xai-anatomy-section");
    }

    /** The heading, for the table of contents. */
    String title() {
        return title;
    }

    /** Lays the card out: heading and hint, the controls (may be null), then the content wrapping. */
    final void layout(Component controls, Component... content) {
        Div head = new Div(Blocks.sectionHeading(title), Blocks.sectionHint(hint));
        head.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "2px");
        Div items = new Div(content);
        items.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "12px").set("align-items", "flex-start");
        add(head);
        if (controls != null) {
            add(controls);
        }
        add(items);
        Blocks.asCard(this);
        getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "10px").set("scroll-margin-top", "8px");
    }

    /** A figure the backend draws, shown by {@link #show}. */
    final Image figure(String testId, String name, String alt) {
        Image img = figureImage(testId, alt);
        drawn.put(new Drawn(testId, name), img);
        return img;
    }

    /**
     * A picture of the page: scaled down to its box, never up, and on a narrow screen kept at a readable
     * size inside a box of its own that scrolls sideways (charts with text must not shrink past reading).
     */
    static Image figureImage(String testId, String alt) {
        Image img = new Image();
        img.setAlt(alt);
        img.addClassName("xai-figure");
        img.getElement().setAttribute("data-testid", testId);
        img.getStyle().set("display", "block").set("max-width", "100%").set("height", "auto");
        return img;
    }

    /** A figure with the choice it shows above it. */
    static Div chosen(Component choice, Image figure) {
        Div d = new Div(choice, figure);
        d.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "6px").set("max-width", "100%");
        return d;
    }

    /** A small select of the page's style. */
    static void choice(Select<?> select, String aria) {
        select.setAriaLabel(aria);
        select.addThemeVariants(SelectVariant.LUMO_SMALL);
        select.setWidth("110px");
    }

    /** A small combo box of tokens. */
    static void tokenBox(ComboBox<Integer> box, String id, String aria) {
        box.setId(id);
        box.setAriaLabel(aria);
        box.addThemeVariants(ComboBoxVariant.LUMO_SMALL);
        box.setWidth("120px");
        box.setAllowCustomValue(false);
    }

    /**
     * Fills a token choice for a new anatomy: the old items go before the new label generator comes,
     * and the generator names tokens of its own layout only (anything else by number).
     */
    static void tokenChoice(ComboBox<Integer> box, List<Integer> items, SerializableFunction<Integer, String> name,
                            int count, Integer value) {
        box.setValue(null);
        box.setItems(List.of());
        box.setItemLabelGenerator(i -> i != null && i >= 0 && i < count ? name.apply(i) : String.valueOf(i));
        box.setItems(items);
        box.setValue(value);
    }

    /** The anatomy shown, or null. */
    final AnatomyBackend.Anatomy anatomy() {
        return anatomy;
    }

    /** Shows a new anatomy: the backend's figures at the first choices, then the section's own part. */
    final void show(AnatomyBackend.Anatomy a) {
        anatomy = a;
        int last = lastLayer(a.views());
        int centre = centrePatch(a.views().tokens());
        drawn.forEach((d, img) -> {
            String key = d.key(last, centre);
            byte[] png = a.figures().get(key);
            if (png != null) {
                img.setSrc(Pictures.served(png, key + ".png"));
            }
        });
        shown(a);
    }

    /** Fills the section's choices and anything it draws itself, for a new anatomy. */
    abstract void shown(AnatomyBackend.Anatomy a);

    /** The last block, the choice shown first. */
    static int lastLayer(ViTAnatomy v) {
        return v.layers() - 1;
    }

    /** The patch in the middle of the grid, the choice shown first. */
    static int centrePatch(TokenLayout t) {
        return (t.gridHeight() / 2) * t.gridWidth() + t.gridWidth() / 2;
    }

    /**
     * Draws the figure of a choice again, off the UI thread (a grid of overlays, or a large map), and
     * shows it unless the anatomy or the choice changed meanwhile.
     */
    final void redraw(Image target, String name, int choice, SerializableSupplier<Integer> chosen, FigureOf draw) {
        AnatomyBackend.Anatomy a = anatomy;
        if (a == null) {
            return;
        }
        target.getStyle().set("opacity", "0.55");
        work.run(() -> draw.draw(a.views(), choice), png -> {
            if (a == anatomy && Objects.equals(chosen.get(), choice)) {
                target.setSrc(Pictures.served(png, name + "-" + choice + ".png"));
                target.getStyle().remove("opacity");
            }
        }, e -> {
            target.getStyle().remove("opacity");
            Blocks.report(e);
        });
    }
}
