package dev.xai4j.ui;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.select.SelectVariant;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.xai4j.explain.Explanation;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.image.RgbImage;
import dev.xai4j.render.RenderOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One method's tile: the overlay, its own parameters (a change recomputes this tile only), the time it
 * took, the value under the pointer, raw-grid or smooth drawing, LRP's conservation check, and
 * downloads of the overlay (PNG) and the raw map (JSON).
 *
 * <p>State for tests and scripts: the root has class {@code xai-tile} and attributes {@code data-kind},
 * {@code data-method}, {@code data-state} ({@code idle}, {@code busy}, {@code ready}, {@code error}) and
 * {@code data-results} (how many results it has shown).
 */
final class MethodTile extends Div {

    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** A transparent pixel: the picture before the first result. */
    private static final String BLANK = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7";

    /** What a tile asks of its page. */
    interface Listener extends java.io.Serializable {
        /** This tile's method or parameters changed: compute it again, alone. */
        void recompute(MethodTile tile);

        /** The user closed this tile. */
        void remove(MethodTile tile);
    }

    /** What the tile draws on: the explained image at display and export sizes, and its name. */
    record Canvas(String model, String imageName, RgbImage display, RgbImage export) {
    }

    private final MethodKind kind;
    private final ComparisonBackend.ModelDetails model;
    private final Listener listener;

    private String method;
    private ParameterEditor parameters;
    private final Div parameterBox = new Div();
    private final Div variantBox = new Div();
    private final Div picture = new Div();
    private final Image image = new Image();
    private final ProgressBar progress = new ProgressBar();
    private final Image colorbar = new Image();
    private final Span scaleMin = new Span();
    private final Span scaleMax = new Span();
    private final Span pointer = new Span();
    private final Span time = new Span();
    private final Div conservation = new Div();
    private final Div error = new Div();
    private final Checkbox smooth = new Checkbox("smooth", true);
    private final Anchor png = new Anchor();
    private final Anchor json = new Anchor();
    private final Span title = new Span();
    private final Button close = new Button(VaadinIcon.CLOSE_SMALL.create());
    /** Which class the map explains (or that it explains every class alike). */
    private final Div explains = new Div();

    /** Parameter values the first editor starts from (a shared link), then none. */
    private Map<String, String> initial;
    private int generation;
    private int results;
    private Explanation explanation;
    private Canvas canvas;
    private RenderOptions look;

    MethodTile(MethodKind kind, ComparisonBackend.ModelDetails model, Listener listener) {
        this(kind, kind.first().id(), Map.of(), model, listener);
    }

    /**
     * A tile of one variant of its kind, its parameters starting from {@code initial} (text, as a
     * shared link writes them) where given.
     */
    MethodTile(MethodKind kind, String shown, Map<String, String> initial, ComparisonBackend.ModelDetails model,
               Listener listener) {
        this.kind = kind;
        this.model = model;
        this.listener = listener;
        this.method = kind.variant(shown).isPresent() ? shown : kind.first().id();
        this.initial = initial;
        addClassName("xai-tile");
        getElement().setAttribute("data-kind", kind.key());
        getStyle().set("box-sizing", "border-box").set("width", (ComparisonView.DISPLAY + 18) + "px").set("flex", "0 0 auto")
                .set("display", "flex").set("flex-direction", "column").set("gap", "4px")
                .set("padding", "8px").set("background", "var(--lumo-base-color)")
                .set("border", "1px solid var(--lumo-contrast-10pct)").set("border-radius", "var(--lumo-border-radius-l)")
                .set("box-shadow", "var(--lumo-box-shadow-xs)");

        add(header());
        explains.addClassName("xai-tile-class");
        explains.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)")
                .set("white-space", "nowrap").set("overflow", "hidden").set("text-overflow", "ellipsis").set("min-height", "1.3em");
        add(explains);
        add(picture());
        add(scale());
        if (kind.variants().size() > 1) {
            Select<String> variant = new Select<>();
            variant.setItems(kind.variants().stream().map(ComparisonBackend.MethodInfo::id).toList());
            variant.setItemLabelGenerator(id -> kind.variant(id).map(ComparisonBackend.MethodInfo::displayName).orElse(id));
            variant.setValue(method);
            variant.addThemeVariants(SelectVariant.LUMO_SMALL);
            variant.setWidthFull();
            variant.setLabel("method");
            variant.setAriaLabel("method");
            variant.getElement().setAttribute("data-role", "variant");
            variant.getStyle().set("padding-top", "0");
            variant.addValueChangeListener(e -> {
                if (e.isFromClient() && e.getValue() != null) {
                    method = e.getValue();
                    retitle();
                    rebuildParameters();
                    listener.recompute(this);
                }
            });
            variantBox.add(variant);
        }

        Div status = new Div(pointer, time);
        status.getStyle().set("display", "flex").set("justify-content", "space-between").set("gap", "6px")
                .set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-secondary-text-color)")
                .set("min-height", "1.4em");
        pointer.addClassName("xai-pointer");
        pointer.getElement().setAttribute("data-idle", "hover or tap for values");
        pointer.setText("hover or tap for values");
        pointer.getStyle().set("white-space", "nowrap").set("overflow", "hidden").set("text-overflow", "ellipsis")
                .set("font-variant-numeric", "tabular-nums");
        time.addClassName("xai-time");
        time.getStyle().set("flex", "none").set("font-variant-numeric", "tabular-nums");
        add(status);

        conservation.addClassName("xai-conservation");
        conservation.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("line-height", "1.3")
                .set("color", "var(--lumo-body-text-color)").set("background", "var(--lumo-contrast-5pct)")
                .set("border-radius", "var(--lumo-border-radius-s)").set("padding", "2px 6px");
        conservation.setVisible(false);
        add(conservation);

        error.addClassName("xai-error");
        error.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("color", "var(--lumo-error-text-color)");
        error.setVisible(false);
        add(error);

        parameterBox.setWidthFull();
        add(variantBox, parameterBox);
        rebuildParameters();
        add(footer());
        setState("idle");
    }

    /** The title names the variant shown (Chefer's relevance is not LRP), the tooltip describes it. */
    private void retitle() {
        String text = kind.variant(method).map(ComparisonBackend.MethodInfo::displayName).orElse(method);
        title.setText(text);
        title.setTitle(model.method(method).map(ComparisonBackend.MethodInfo::description).orElse(method));
        image.setAlt(text + " map over the image");
        close.setAriaLabel("Remove " + text);
    }

    private Div header() {
        title.addClassName("xai-tile-title");
        title.getStyle().set("font-weight", "600").set("font-size", "var(--lumo-font-size-s)")
                .set("white-space", "nowrap").set("overflow", "hidden").set("text-overflow", "ellipsis");
        retitle();
        close.addClickListener(e -> listener.remove(this));
        close.addThemeVariants(ButtonVariant.LUMO_TERTIARY_INLINE, ButtonVariant.LUMO_ICON, ButtonVariant.LUMO_SMALL,
                ButtonVariant.LUMO_CONTRAST);
        close.setTooltipText("Remove this method");
        Div head = new Div(title);
        if (!kind.first().classSpecific()) {
            Span badge = new Span("any class");
            badge.setTitle("This map does not depend on the target class");
            badge.getStyle().set("font-size", "10px").set("padding", "0 5px").set("border-radius", "8px")
                    .set("background", "var(--lumo-contrast-10pct)").set("color", "var(--lumo-secondary-text-color)")
                    .set("flex", "none");
            head.add(badge);
        }
        Span grow = new Span();
        grow.getStyle().set("flex", "1");
        head.add(grow, close);
        head.getStyle().set("display", "flex").set("align-items", "center").set("gap", "6px").set("min-height", "24px");
        return head;
    }

    private Div picture() {
        image.addClassName("xai-tile-image");
        image.getStyle().set("display", "block").set("width", "100%").set("height", "auto")
                .set("border-radius", "var(--lumo-border-radius-m)").set("cursor", "crosshair")
                .set("image-rendering", "auto");
        image.setSrc(BLANK);
        progress.setIndeterminate(true);
        progress.addClassName("xai-progress");
        progress.getStyle().set("position", "absolute").set("left", "10%").set("width", "80%").set("top", "calc(50% - 4px)")
                .set("margin", "0");
        progress.setVisible(false);
        picture.add(image, progress);
        // a non-square image sits in the middle of its square frame
        picture.getStyle().set("position", "relative").set("width", "100%").set("min-height", "60px")
                .set("display", "flex").set("align-items", "center").set("justify-content", "center")
                .set("aspect-ratio", "1 / 1").set("background", "var(--lumo-contrast-5pct)")
                .set("border-radius", "var(--lumo-border-radius-m)").set("overflow", "hidden");
        Pictures.readout(image.getElement(), pointer.getElement());
        return picture;
    }

    private Div scale() {
        colorbar.addClassName("xai-colorbar");
        colorbar.setAlt("colour scale");
        colorbar.getStyle().set("flex", "1").set("height", "8px").set("min-width", "40px")
                .set("border-radius", "2px").set("image-rendering", "auto");
        for (Span s : new Span[]{scaleMin, scaleMax}) {
            s.getStyle().set("font-size", "10px").set("color", "var(--lumo-secondary-text-color)")
                    .set("font-variant-numeric", "tabular-nums").set("flex", "none");
        }
        Div bar = new Div(scaleMin, colorbar, scaleMax);
        bar.getStyle().set("display", "flex").set("align-items", "center").set("gap", "4px");
        bar.setVisible(false);
        bar.addClassName("xai-scale");
        return bar;
    }

    private Div footer() {
        smooth.getElement().setAttribute("data-role", "smooth");
        smooth.setTooltipText("Smooth (bilinear) or raw grid (nearest) upsampling of the map");
        smooth.getStyle().set("font-size", "var(--lumo-font-size-xs)");
        smooth.addValueChangeListener(e -> redraw());
        for (Anchor a : new Anchor[]{png, json}) {
            a.getStyle().set("font-size", "var(--lumo-font-size-xs)").set("font-weight", "500");
            a.setEnabled(false);
        }
        png.setText("PNG");
        png.getElement().setAttribute("data-role", "download-png");
        png.setTitle("Download the overlay as PNG");
        json.setText("JSON");
        json.getElement().setAttribute("data-role", "download-json");
        json.setTitle("Download the raw map, parameters and measures as JSON");
        Span grow = new Span();
        grow.getStyle().set("flex", "1");
        Div foot = new Div(smooth, grow, png, json);
        foot.getStyle().set("display", "flex").set("align-items", "center").set("gap", "8px")
                .set("border-top", "1px solid var(--lumo-contrast-10pct)").set("padding-top", "2px").set("margin-top", "auto");
        return foot;
    }

    private void rebuildParameters() {
        getElement().setAttribute("data-method", method);
        parameterBox.removeAll();
        ComparisonBackend.MethodInfo info = model.method(method).orElseThrow();
        parameters = new ParameterEditor(method, info.parameters(), model.info(), initial, () -> listener.recompute(this));
        initial = Map.of();
        parameterBox.add(parameters);
    }

    /** The tile's kind. */
    MethodKind kind() {
        return kind;
    }

    /** The method it shows now. */
    String method() {
        return method;
    }

    /** The method and its parameters as set now. */
    MethodRequest request() {
        return new MethodRequest(method, parameters.values());
    }

    /** The last explanation shown, or null. */
    Explanation explanation() {
        return explanation;
    }

    /**
     * Marks the tile busy for a new computation; results of older ones are dropped. The last picture
     * stays, dimmed, until the new one comes.
     *
     * @param expectedMs how long the method took last time on this model, or 0 when unknown: the
     *                   progress bar then fills over that time (in the browser, without a round trip)
     *                   rather than only moving
     */
    int begin(long expectedMs) {
        generation++;
        error.setVisible(false);
        progress.setVisible(true);
        image.getStyle().set("opacity", "0.45");
        progress.setIndeterminate(expectedMs <= 0);
        progress.getElement().executeJs("""
                const bar = this, d = $0, t0 = performance.now();
                clearInterval(bar.__xaiTimer);
                if (d > 0) {
                  bar.value = 0;
                  bar.__xaiTimer = setInterval(() => bar.value = Math.min(0.95, (performance.now() - t0) / d), 100);
                }""", (int) Math.min(Integer.MAX_VALUE, expectedMs));
        time.setText(expectedMs > 0 ? "≈ " + seconds(expectedMs) : "computing…");
        time.setTitle(expectedMs > 0 ? "took " + seconds(expectedMs) + " last time" : "");
        getElement().setAttribute("data-expected-ms", String.valueOf(expectedMs));
        setState("busy");
        return generation;
    }

    private static String seconds(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private void stopProgress() {
        progress.setVisible(false);
        progress.getElement().executeJs("clearInterval(this.__xaiTimer)");
        image.getStyle().remove("opacity");
    }

    /** Shows another tile's last picture, dimmed, until this tile's first result (a model change). */
    void keepPicture(MethodTile before) {
        String src = before.image.getSrc();
        if (src != null && !src.equals(BLANK)) {
            image.setSrc(src);
        }
    }

    /** Moves the keyboard focus to the tile's remove button. */
    void focusRemove() {
        close.focus();
    }

    /** Whether this tile's map is the same for every class. */
    boolean classAgnostic() {
        return kind.variant(method).map(m -> !m.classSpecific()).orElse(false);
    }

    /** Whether a computation started with this token is the newest. */
    boolean isCurrent(int token) {
        return token == generation;
    }

    /** Shows a result, if it belongs to the newest computation. */
    void show(int token, Explanation e, Canvas canvas, RenderOptions look) {
        if (token != generation) {
            return;
        }
        // the map is all the page needs; an unreduced attribution (3 × H × W for gradient methods) would
        // only weigh on the session
        this.explanation = e.raw() == null ? e : new Explanation(e.method(), e.parameters(), e.target(), e.targetLabel(),
                e.map(), null, e.measures(), e.passNanos(), e.methodNanos(), e.extraForward(), e.extraBackward(),
                e.contrast(), e.contrastLabel());
        this.canvas = canvas;
        this.look = look;
        time.setText(Math.round((e.passNanos() + e.methodNanos()) / 1e6) + " ms");
        time.setTitle("shared pass " + Pictures.number(e.passNanos() / 1e6) + " ms + this method "
                + Pictures.number(e.methodNanos() / 1e6) + " ms"
                + (e.extraForward() > 0 ? " (" + e.extraForward() + " forward / " + e.extraBackward() + " backward passes of its own)" : ""));
        Double sum = e.measures().get("relevance_sum");
        Double logit = e.measures().get("target_logit");
        if (sum != null && logit != null) {
            String share = logit != 0 ? String.format(Locale.ROOT, " = %.1f %% of", 100 * sum / logit) : " vs";
            conservation.setText("conservation: Σ relevance " + Pictures.number(sum) + share + " the target logit "
                    + Pictures.number(logit) + " (biases and position embeddings take the rest)");
            conservation.setTitle("LRP's sanity check: the input relevance should add up to (about) the target logit; "
                    + "biases and position embeddings absorb the rest");
            conservation.setVisible(true);
        } else {
            conservation.setVisible(false);
        }
        results++;
        getElement().setAttribute("data-results", String.valueOf(results));
        getElement().setAttribute("data-target", String.valueOf(e.target()));
        if (classAgnostic()) {
            explains.setText("the same map for every class");
            explains.setTitle("This method does not depend on the class: it shows what the model looks at");
        } else {
            explains.setText("explains “" + e.targetLabel() + "”");
            explains.setTitle("The map shows evidence for class " + e.target() + ", “" + e.targetLabel() + "”");
        }
        stopProgress();
        redraw();
        Heatmap m = e.map();
        Pictures.readoutData(image.getElement(), m.height(), m.width(), m.values(), null);
        setState("ready");
    }

    /** Shows a failure of the newest computation. */
    void fail(int token, String message) {
        if (token != generation) {
            return;
        }
        stopProgress();
        time.setText("");
        error.setText(message);
        error.setVisible(true);
        setState("error");
    }

    /** Draws the last result again with the page's colour scale and opacity. */
    void restyle(RenderOptions look) {
        this.look = look;
        redraw();
    }

    /** Forgets the result (a new image or model). */
    void clear() {
        explanation = null;
        image.setSrc(BLANK);
        Pictures.clearReadout(image.getElement());
        conservation.setVisible(false);
        time.setText("");
        png.setEnabled(false);
        json.setEnabled(false);
        getChildren().filter(c -> c.hasClassName("xai-scale")).forEach(c -> c.setVisible(false));
    }

    private void redraw() {
        if (explanation == null || canvas == null || look == null) {
            return;
        }
        RenderOptions o = Pictures.options(look.colormap(), look.alpha(), smooth.getValue());
        Heatmap m = explanation.map();
        image.setSrc(Pictures.dataUrl(Pictures.overlayPng(canvas.display(), m, o)));
        boolean signed = Pictures.signed(m);
        colorbar.setSrc(Pictures.dataUrl(Pictures.colorbarPng(o, signed, 128, 8)));
        double top = signed ? Pictures.signedLimit(m) : Math.max(0, m.max());
        scaleMin.setText(signed ? "−" + Pictures.number(top) : "0");
        scaleMax.setText(Pictures.number(top));
        colorbar.setTitle(signed ? "signed map: blue negative, white 0, red positive, symmetric around 0; ±"
                + Pictures.number(top) + " is the 99.5th percentile of |value| (larger values are clipped)"
                : "normalised by the map's maximum");
        getElement().setAttribute("data-signed", String.valueOf(signed));
        getChildren().filter(c -> c.hasClassName("xai-scale")).forEach(c -> c.setVisible(true));
        Explanation e = explanation;
        Canvas c = canvas;
        String base = fileBase(c, e);
        png.setHref(DownloadHandler.fromInputStream(ev -> new com.vaadin.flow.server.streams.DownloadResponse(
                new java.io.ByteArrayInputStream(Pictures.overlayPng(c.export(), e.map(), o)), base + ".png",
                "image/png", -1)), AttachmentType.DOWNLOAD);
        json.setHref(DownloadHandler.fromInputStream(ev -> {
            byte[] bytes = json(c, e, o);
            return new com.vaadin.flow.server.streams.DownloadResponse(new java.io.ByteArrayInputStream(bytes),
                    base + ".json", "application/json", bytes.length);
        }), AttachmentType.DOWNLOAD);
        png.setEnabled(true);
        json.setEnabled(true);
    }

    private static String fileBase(Canvas c, Explanation e) {
        String img = c.imageName().replaceAll("\\.[A-Za-z0-9]+$", "").replaceAll("[^A-Za-z0-9._-]+", "_");
        return img + "-" + e.method() + "-" + e.targetLabel().replaceAll("[^A-Za-z0-9._-]+", "_");
    }

    private static byte[] json(Canvas c, Explanation e, RenderOptions o) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", c.model());
        out.put("image", c.imageName());
        out.put("method", e.method());
        out.put("parameters", e.parameters());
        out.put("target", e.target());
        out.put("targetLabel", e.targetLabel());
        if (e.contrastive()) {
            out.put("contrast", e.contrast());
            out.put("contrastLabel", e.contrastLabel());
        }
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("height", e.map().height());
        map.put("width", e.map().width());
        map.put("min", e.map().min());
        map.put("max", e.map().max());
        map.put("values", e.map().values());
        out.put("map", map);
        out.put("measures", e.measures());
        out.put("timings", Map.of("passMs", e.passNanos() / 1e6, "methodMs", e.methodNanos() / 1e6,
                "extraForward", e.extraForward(), "extraBackward", e.extraBackward()));
        out.put("render", Map.of("colormap", o.colormap().name().toLowerCase(Locale.ROOT),
                "signedColormap", o.signedColormap().name().toLowerCase(Locale.ROOT), "alpha", o.alpha(),
                "upsampling", o.upsampling().name().toLowerCase(Locale.ROOT)));
        try {
            return JSON.writeValueAsBytes(out);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void setState(String state) {
        getElement().setAttribute("data-state", state);
    }
}
