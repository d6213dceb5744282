package dev.xai4j.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Prediction;
import dev.xai4j.model.TokenLayout;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Locale;

/**
 * The anatomy page ({@code /anatomy}): the inside of a Vision Transformer on one image, every classic
 * figure of the ViT paper and the attention tutorials from one forward pass, in sections of their own
 * ({@link AnatomySection}) listed in a table of contents at the top:
 * <ul>
 *   <li>{@link AttentionMatrixSection}: the attention matrix of a layer and head, read cell by cell,
 *       and a chosen row mapped over the image;</li>
 *   <li>{@link ClsAttentionSection}: CLS attention of every layer and of every head of a layer;</li>
 *   <li>{@link AttentionDistanceSection}: mean attention distance per head and per layer;</li>
 *   <li>{@link PositionEmbeddingSection}: position-embedding similarity and principal components;</li>
 *   <li>{@link TokenSection}: the CLS token across the blocks, and the patch grid.</li>
 * </ul>
 * The image comes as on the comparison page (upload or a generated sample), and model and image are
 * shared with it ({@link LastChoice}). The pass and the figures that do not depend on a choice are
 * computed by the {@link AnatomyBackend} on the server's inference pool. The model list leaves out
 * the models known to have no attention to show (a model not loaded yet is listed); such a model,
 * chosen all the same, is turned away with the reason, and the figures are hidden.
 *
 * <p>For tests and scripts: the root {@code #anatomy} has {@code data-image} (the image's name),
 * {@code data-model}, {@code data-pending} (work under way) and {@code data-state} ({@code busy},
 * {@code ready}, {@code error}, {@code not-vit}). Figures are images with a {@code data-testid}; the
 * sections say which.
 */
@Route("anatomy")
@PageTitle("xai4j — ViT anatomy")
public class AnatomyView extends ModelImagePage {

    private static final long serialVersionUID = 1L;

    /** Title of the page. */
    public static final String TITLE = "xai4j — ViT anatomy";
    private static final String CSS = """
            .xai-toc a { color: var(--lumo-primary-text-color); text-decoration: none; }
            .xai-toc a:hover, .xai-toc a:focus-visible { text-decoration: underline; }
            @media (max-width: 640px) {
              #anatomy { padding: 8px 8px 16px !important; }
              .xai-anatomy-section > div:last-child { overflow-x: auto; }
              .xai-figure { max-width: none !important; }
            }
            """;

    private final transient AnatomyBackend backend;
    private final Span status = new Span();
    private final Div notice = new Div();
    private final Div prediction = new Div();
    private final Div sections = new Div();
    private final List<AnatomySection> parts;

    /** The image shown. */
    private RgbImage image;

    @Inject
    public AnatomyView(AnatomyBackend backend) {
        super(backend, "anatomy", CSS);
        this.backend = backend;
        parts = List.of(new AttentionMatrixSection(work), new ClsAttentionSection(work), new AttentionDistanceSection(work),
                new PositionEmbeddingSection(work), new TokenSection(work));
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
        Div predictionCard = Blocks.card(Blocks.sectionHeading("Prediction"), prediction);
        predictionCard.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "4px");
        Div side = new Div(Blocks.card(picker), predictionCard);
        side.setId("side");
        side.getStyle().set("flex", "1 1 256px").set("max-width", "100%").set("display", "flex")
                .set("flex-direction", "column").set("gap", "12px").set("min-width", "0");

        status.setId("status");
        status.getStyle().set("font-size", "var(--lumo-font-size-s)").set("color", "var(--lumo-secondary-text-color)");
        notice.setId("not-vit");
        notice.getElement().setAttribute("data-testid", "not-vit");
        notice.getElement().setAttribute("role", "status");
        notice.getStyle().set("padding", "10px 12px").set("border-radius", "var(--lumo-border-radius-l)")
                .set("background", "var(--lumo-error-color-10pct)").set("color", "var(--lumo-error-text-color)")
                .set("font-size", "var(--lumo-font-size-s)");
        notice.setVisible(false);

        sections.setId("sections");
        sections.getStyle().set("display", "flex").set("flex-direction", "column").set("gap", "12px");
        sections.add(contents());
        parts.forEach(sections::add);
        Div main = new Div(status, notice, sections);
        main.setId("main");
        main.getStyle().set("flex", "999 1 0").set("min-width", "min(100%, 620px)").set("display", "flex")
                .set("flex-direction", "column").set("gap", "12px");
        com.vaadin.flow.component.html.Main body = Blocks.main(side, main);
        body.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "14px").set("align-items", "flex-start");
        return body;
    }

    /** The table of contents: a link to each section. */
    private Component contents() {
        Element list = new Element("ol");
        list.getStyle().set("margin", "0").set("padding-left", "1.4em").set("display", "flex").set("flex-wrap", "wrap")
                .set("gap", "2px 22px").set("font-size", "var(--lumo-font-size-s)");
        for (AnatomySection s : parts) {
            Element a = new Element("a").setText(s.title());
            a.setAttribute("href", "anatomy#" + s.getId().orElseThrow());
            a.setAttribute("router-ignore", true);
            Element li = new Element("li");
            li.appendChild(a);
            list.appendChild(li);
        }
        Div toc = new Div();
        toc.setId("contents");
        toc.addClassName("xai-toc");
        toc.getElement().setAttribute("role", "navigation");
        toc.getElement().setAttribute("aria-label", "Sections");
        toc.getElement().appendChild(list);
        Div card = Blocks.card(toc);
        card.getStyle().set("padding", "6px 12px");
        return card;
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

    /** Whether a model has what these views read: a token layout and attention over the tokens. */
    static boolean hasAttention(ModelInfo info) {
        return info.capabilities().attention().isPresent() && info.capabilities().tokens().isPresent();
    }

    @Override
    boolean offers(ComparisonBackend.ModelChoice choice) {
        return backend.knownInfo(choice.name()).map(AnatomyView::hasAttention).orElse(true);
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
        if (!hasAttention(model.info())) {
            turnAway(model.name() + " has no attention to look into: these views read the tokens and attention of a "
                    + "transformer");
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
                turnAway(be.getMessage());
            } else {
                setState("error");
                Blocks.report(e);
            }
        });
    }

    /** The reason the model cannot be shown, in place of the figures. */
    private void turnAway(String reason) {
        notice.setText(reason + ". Choose a model with attention in the list, or compare explanations of this model "
                + "on the comparison page.");
        notice.setVisible(true);
        sections.setVisible(false);
        prediction.removeAll();
        setState("not-vit");
    }

    private void show(AnatomyBackend.Anatomy result) {
        parts.forEach(p -> p.show(result));
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
            what = model.name() + " · " + info.family() + " · no attention to show";
        }
        status.setText(work.pending() > 0 ? what + " · computing…" : what);
    }
}
