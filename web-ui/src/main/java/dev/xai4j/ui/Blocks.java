package dev.xai4j.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.HasStyle;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Main;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.router.RouterLink;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The pieces every page of the UI is built from, so that the pages look and behave alike: the
 * toolbar with the links between the pages, cards, section titles, labelled fields, page-wide CSS
 * and error notifications. Styles are inline (Lumo custom properties): a stylesheet of its own would
 * need a theme and a frontend build, which the precompiled production bundle avoids.
 */
final class Blocks {

    private static final Logger LOG = Logger.getLogger(Blocks.class.getName());

    private Blocks() {
    }

    /**
     * The bar at the top of a page: "xai4j" and what the page is, links to the pages (the current one
     * marked with {@code aria-current="page"}), then the page's own controls on the right.
     *
     * @param title    the page's full title (the tooltip of the brand)
     * @param subtitle what the page shows, beside the brand
     * @param current  the page's class, whose link is marked current
     */
    static Div toolbar(String title, String subtitle, Class<? extends Component> current, Component... controls) {
        H1 brandTitle = new H1("xai4j");
        brandTitle.setId("title");
        brandTitle.getElement().setAttribute("title", title);
        brandTitle.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("margin", "0").set("line-height", "1");
        Span sub = new Span(subtitle);
        sub.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        Div brand = new Div(brandTitle, sub);
        brand.getStyle().set("display", "flex").set("align-items", "baseline").set("gap", "8px").set("flex", "0 1 auto");

        Div links = new Div(link("Comparison", "nav-comparison", ComparisonView.class, current),
                link("Anatomy", "nav-anatomy", AnatomyView.class, current));
        links.setId("views");
        links.getElement().setAttribute("role", "navigation");
        links.getElement().setAttribute("aria-label", "Pages");
        links.getStyle().set("display", "flex").set("gap", "4px").set("flex", "1 1 auto").set("margin-right", "auto");

        Div right = new Div(controls);
        right.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("align-items", "center").set("gap", "4px 18px");
        Div bar = new Div(brand, links, right);
        bar.setId("toolbar");
        bar.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("align-items", "center").set("gap", "4px 16px")
                .set("padding", "6px 12px").set("background", "var(--lumo-base-color)")
                .set("border-radius", "var(--lumo-border-radius-l)").set("box-shadow", "var(--lumo-box-shadow-xs)");
        return bar;
    }

    private static RouterLink link(String text, String id, Class<? extends Component> target,
                                   Class<? extends Component> current) {
        RouterLink link = new RouterLink(text, target);
        link.setId(id);
        link.getElement().setAttribute("data-testid", id);
        boolean here = target.equals(current);
        if (here) {
            link.getElement().setAttribute("aria-current", "page");
        }
        link.getStyle().set("font-size", "var(--lumo-font-size-s)").set("font-weight", "500").set("padding", "4px 10px")
                .set("border-radius", "var(--lumo-border-radius-m)").set("text-decoration", "none")
                .set("color", here ? "var(--lumo-primary-contrast-color)" : "var(--lumo-primary-text-color)")
                .set("background", here ? "var(--lumo-primary-color)" : "var(--lumo-primary-color-10pct)");
        return link;
    }

    /** A small grey label before a field, on one line with it. */
    static Div labelled(String text, Component field) {
        Span label = new Span(text);
        label.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        Div d = new Div(label, field);
        d.getStyle().set("display", "flex").set("align-items", "center").set("gap", "6px");
        return d;
    }

    /** A white rounded box on the page's grey background. */
    static Div card(Component... content) {
        return asCard(new Div(content));
    }

    /** Gives a box the look of a {@link #card}. */
    static <T extends Component & HasStyle> T asCard(T box) {
        box.getStyle().set("background", "var(--lumo-base-color)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("box-shadow", "var(--lumo-box-shadow-xs)").set("padding", "10px 12px").set("box-sizing", "border-box");
        return box;
    }

    /** The page's main landmark, holding what sits below the toolbar. */
    static Main main(Component... content) {
        Main m = new Main(content);
        m.setId("content");
        return m;
    }

    /** A card's heading: a level-2 heading in the size of the page's small titles. */
    static H2 sectionHeading(String text) {
        H2 h = new H2(text);
        h.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-s)").set("margin", "0")
                .set("line-height", "var(--lumo-line-height-s)");
        return h;
    }

    static Span sectionHint(String text) {
        Span s = new Span(text);
        s.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)");
        return s;
    }

    /**
     * Adds CSS rules to the page once per {@code id}: for what inline styles cannot express (hover,
     * focus, narrow windows).
     */
    static void css(UI ui, String id, String rules) {
        ui.getPage().executeJs("""
                if (!document.getElementById($0)) {
                  const s = document.createElement('style');
                  s.id = $0;
                  s.textContent = $1;
                  document.head.appendChild(s);
                }""", id, rules);
    }

    /** Tells the user of a failure: a {@link BackendException} in its own words, anything else logged. */
    static void report(Throwable e) {
        if (e instanceof BackendException be) {
            notifyError(be.title(), be.getMessage());
        } else {
            LOG.log(Level.WARNING, "web UI: unexpected failure", e);
            notifyError("Something went wrong", String.valueOf(e.getMessage()));
        }
    }

    /** An error notification at the top of the page, gone after a few seconds. */
    static void notifyError(String title, String message) {
        Span head = new Span(title);
        head.getStyle().set("font-weight", "600");
        Div text = new Div(head, new Div(new Span(message)));
        text.getStyle().set("max-width", "480px");
        Notification n = new Notification(text);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
        n.setPosition(Notification.Position.TOP_CENTER);
        n.setDuration(7000);
        n.addClassName("xai-notification");
        n.open();
    }
}
