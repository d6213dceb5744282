package dev.xai4j.ui;

import dev.xai4j.explain.Heatmap;
import dev.xai4j.image.RgbImage;
import dev.xai4j.render.Colormap;
import dev.xai4j.render.HeatmapRenderer;
import dev.xai4j.render.Normalization;
import dev.xai4j.render.RenderOptions;
import dev.xai4j.render.Upsampling;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Base64;

/** Image helpers of the page: scaling for display, overlays, colour bars, data URLs. */
final class Pictures {

    private Pictures() {
    }

    /**
     * The image scaled so that its longer side is {@code side} pixels: enlarged smoothly (model inputs
     * are often 64 or 224 pixels) or shrunk in halving steps (so that large photos do not alias).
     */
    static RgbImage fit(RgbImage image, int side) {
        int longer = Math.max(image.width(), image.height());
        if (longer == side) {
            return image;
        }
        double s = (double) side / longer;
        int w = Math.max(1, (int) Math.round(image.width() * s));
        int h = Math.max(1, (int) Math.round(image.height() * s));
        BufferedImage cur = image.toBufferedImage();
        while (cur.getWidth() / 2 >= w && cur.getHeight() / 2 >= h) {
            cur = draw(cur, cur.getWidth() / 2, cur.getHeight() / 2);
        }
        if (cur.getWidth() != w || cur.getHeight() != h) {
            cur = draw(cur, w, h);
        }
        return RgbImage.of(cur);
    }

    /** The image shrunk so that its longer side is at most {@code side} (never enlarged). */
    static RgbImage atMost(RgbImage image, int side) {
        return Math.max(image.width(), image.height()) <= side ? image : fit(image, side);
    }

    private static BufferedImage draw(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(img, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** The page's rendering options for a tile: colour scale and opacity page-wide, upsampling per tile. */
    static RenderOptions options(Colormap colormap, double alpha, boolean smooth) {
        return new RenderOptions(smooth ? Upsampling.BILINEAR : Upsampling.NEAREST, Normalization.AUTO, colormap, alpha);
    }

    /** Whether the renderer draws this map as signed (diverging colours, 0 mid-scale). */
    static boolean signed(Heatmap map) {
        return map.min() < 0;
    }

    /** The map over the image, as PNG bytes. */
    static byte[] overlayPng(RgbImage base, Heatmap map, RenderOptions options) {
        return HeatmapRenderer.png(HeatmapRenderer.overlay(base, map, options));
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
            return String.format(java.util.Locale.ROOT, "%.2e", v);
        }
        String s = String.format(java.util.Locale.ROOT, a >= 100 ? "%.1f" : a >= 1 ? "%.3f" : "%.4f", v);
        return s;
    }
}
