package dev.xai4j.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.RgbImage;
import dev.xai4j.render.Colormap;
import dev.xai4j.render.HeatmapRenderer;
import dev.xai4j.render.Normalization;
import dev.xai4j.render.RenderOptions;
import dev.xai4j.render.Upsampling;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Image helpers of the pages: scaling for display, overlays, colour bars, data URLs and served PNGs,
 * and the value under the pointer.
 */
final class Pictures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Pictures() {
    }

    /**
     * The image scaled so that its longer side is {@code side} pixels: bicubic, smooth when enlarging
     * (model inputs are often 64 or 224 pixels) and without aliasing when shrinking large photos.
     */
    static RgbImage fit(RgbImage image, int side) {
        return image.fitted(side, Interpolation.BICUBIC);
    }

    /** The image shrunk so that its longer side is at most {@code side} (never enlarged). */
    static RgbImage atMost(RgbImage image, int side) {
        return image.fittedWithin(side, Interpolation.BICUBIC);
    }

    /** The page's rendering options for a tile: colour scale and opacity page-wide, upsampling per tile. */
    static RenderOptions options(Colormap colormap, double alpha, boolean smooth) {
        return new RenderOptions(smooth ? Upsampling.BILINEAR : Upsampling.NEAREST, Normalization.AUTO, colormap, alpha);
    }

    /**
     * How the pages draw signed maps (LRP relevance, input × gradient): symmetric around 0 with a
     * diverging colour scale, clipped at the 99.5th percentile of |value| as zennit and LXT do, so that
     * a few extreme cells do not leave the rest of the map white.
     */
    static final Normalization.SymmetricPercentile SIGNED = Normalization.symmetricPercentile(99.5);

    /** Whether the page draws this map as signed (diverging colours, 0 mid-scale). */
    static boolean signed(Heatmap map) {
        return map.min() < 0;
    }

    /** The magnitude a signed map's colours reach at ±1 (larger values are clipped). */
    static double signedLimit(Heatmap map) {
        return SIGNED.limit(map);
    }

    /** The options resolved for one map: {@link #SIGNED} for a signed map, its maximum for any other. */
    static RenderOptions resolved(RenderOptions options, Heatmap map) {
        if (!(options.normalization() instanceof Normalization.Auto)) {
            return options;
        }
        return options.withNormalization(signed(map) ? SIGNED : Normalization.MAX);
    }

    /** The map over the image, as PNG bytes. */
    static byte[] overlayPng(RgbImage base, Heatmap map, RenderOptions options) {
        return HeatmapRenderer.png(HeatmapRenderer.overlay(base, map, resolved(options, map)));
    }

    /** A horizontal colour bar of the scale a map is drawn with, as PNG bytes. */
    static byte[] colorbarPng(RenderOptions options, boolean signed, int width, int height) {
        float[] v = new float[256];
        for (int i = 0; i < v.length; i++) {
            v[i] = signed ? -1 + 2f * i / (v.length - 1) : (float) i / (v.length - 1);
        }
        RenderOptions o = options.withUpsampling(Upsampling.BILINEAR)
                .withNormalization(signed ? Normalization.SYMMETRIC : Normalization.MAX);
        return HeatmapRenderer.png(HeatmapRenderer.colorize(new Heatmap(v, 1, v.length), height, width, o));
    }

    /**
     * PNG bytes served to the browser as an inline resource of the element that shows them: for
     * figures of tens or hundreds of kilobytes, which as {@code data:} URLs would travel inside the
     * UI's JSON messages. Every call makes a new URL, so the {@code src} of an image changes with its
     * picture.
     */
    static DownloadHandler served(byte[] png, String fileName) {
        return DownloadHandler.fromInputStream(e -> new DownloadResponse(new ByteArrayInputStream(png), fileName,
                "image/png", png.length)).inline();
    }

    /**
     * Shows the value under the pointer of a map drawn in {@code target} in the text of {@code out}
     * (its {@code data-idle} attribute when the mouse leaves). The map is given, and changed, with
     * {@link #readoutData}. A tap reads the value as the pointer does, and the picture takes the
     * keyboard focus: the arrow keys move a cell at a time. A plain map reads "value at row r,
     * column c"; a matrix whose rows and columns are named tokens reads "query a → key b: value", also
     * as the target's tooltip. The cell read last is kept in the element's {@code __xaiAt}.
     */
    static void readout(Element target, Element out) {
        target.executeJs("""
                const el = this, out = $0;
                const fmt = v => (v !== 0 && (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3)) ? v.toExponential(2) : v.toPrecision(4);
                const show = (x, y) => {
                  const m = el.__xaiMap;
                  if (!m) return;
                  x = Math.min(m.w - 1, Math.max(0, x));
                  y = Math.min(m.h - 1, Math.max(0, y));
                  el.__xaiAt = {x, y};
                  const v = m.v ? fmt(m.v[y * m.w + x]) : null;
                  if (m.names) {
                    out.textContent = 'query ' + m.names[y] + ' → key ' + m.names[x] + (v === null ? '' : ': ' + v);
                    el.title = out.textContent;
                  } else {
                    out.textContent = v + ' at row ' + y + ', column ' + x;
                  }
                };
                const at = e => {
                  const m = el.__xaiMap;
                  if (!m) return;
                  const r = el.getBoundingClientRect();
                  show(Math.floor((e.clientX - r.left) / r.width * m.w), Math.floor((e.clientY - r.top) / r.height * m.h));
                };
                el.addEventListener('pointermove', at);
                el.addEventListener('pointerdown', at);
                el.addEventListener('pointerleave', e => { if (e.pointerType === 'mouse') out.textContent = out.dataset.idle || ''; });
                el.tabIndex = 0;
                const here = () => {
                  const m = el.__xaiMap;
                  return el.__xaiAt || (m ? {x: Math.floor(m.w / 2), y: Math.floor(m.h / 2)} : null);
                };
                el.addEventListener('focus', () => { const p = here(); if (p) show(p.x, p.y); });
                el.addEventListener('keydown', e => {
                  const d = {ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1]}[e.key];
                  const p = here();
                  if (!d || !p) return;
                  e.preventDefault();
                  show(p.x + d[0], p.y + d[1]);
                });
                out.setAttribute('aria-live', 'polite');
                """, out);
    }

    /**
     * The map {@link #readout} reads: {@code h × w} values row-major (null: names only, for matrices
     * too large to send), and for a token matrix the token names (null for a plain map).
     */
    static void readoutData(Element target, int h, int w, float[] values, List<String> names) {
        target.executeJs("this.__xaiMap = {h: $0, w: $1, v: JSON.parse($2), names: JSON.parse($3)};"
                        + "if (this.__xaiAt && (this.__xaiAt.x >= $1 || this.__xaiAt.y >= $0)) this.__xaiAt = null", h, w,
                values == null ? "null" : json(values), names == null ? "null" : json(names));
    }

    /** Forgets the map of {@link #readout}. */
    static void clearReadout(Element target) {
        target.executeJs("this.__xaiMap = null; this.__xaiAt = null");
    }

    /** Values as a JSON array, 4 significant digits each (what the value under the pointer shows). */
    private static String json(float[] v) {
        StringBuilder b = new StringBuilder(v.length * 9 + 2).append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                b.append(',');
            }
            float x = v[i];
            b.append(Float.isFinite(x) ? String.format(Locale.ROOT, "%.4g", x) : "0");
        }
        return b.append(']').toString();
    }

    private static String json(List<String> names) {
        try {
            return JSON.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PNG bytes as a {@code data:} URL. */
    static String dataUrl(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    /** A value in a few significant digits, for labels. */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e4 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        String s = String.format(Locale.ROOT, a >= 100 ? "%.1f" : a >= 1 ? "%.3f" : "%.4f", v);
        return s;
    }
}
