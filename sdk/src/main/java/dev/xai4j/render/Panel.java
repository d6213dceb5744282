package dev.xai4j.render;

import dev.xai4j.explain.Heatmap;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.RgbImage;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A side-by-side comparison: the original image, then one overlay per map, each tile
 * {@code tileHeight} pixels high and {@code tileWidth = max(1, round(imageWidth · tileHeight /
 * imageHeight))} wide, with a caption and a second, lighter caption line above it, on white.
 * Tiles are {@value #GAP} px apart and from the border, so the panel is
 * {@code (1 + tiles)·tileWidth + (tiles + 2)·GAP} wide. The original is scaled to the tile size
 * first and each map is resized straight to the tile, so overlays stay sharp.
 */
public final class Panel {

    /** Tile height when none is given. */
    public static final int DEFAULT_TILE_HEIGHT = 224;
    /** Space between tiles and around the panel, in pixels. */
    public static final int GAP = 8;

    private static final int MIN_TILE_HEIGHT = 16;
    private static final int MAX_TILE_HEIGHT = 4096;
    private static final Color CAPTION = new Color(0x20, 0x20, 0x20);
    private static final Color SUBCAPTION = new Color(0x60, 0x60, 0x60);
    /** DejaVu Sans where installed (it has glyphs such as · and ×), else the logical SansSerif. */
    private static final String FONT_FAMILY = Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment()
            .getAvailableFontFamilyNames()).contains("DejaVu Sans") ? "DejaVu Sans" : Font.SANS_SERIF;

    /**
     * One map of the panel.
     *
     * @param caption    first caption line, e.g. {@code "cls-attention · layer 11"}
     * @param subcaption second line, e.g. {@code "12 ms"}; {@code null} or empty for none
     * @param map        the map to overlay on the original
     */
    public record Tile(String caption, String subcaption, Heatmap map) {
        public Tile {
            Objects.requireNonNull(caption, "caption");
            Objects.requireNonNull(map, "map");
            subcaption = subcaption == null ? "" : subcaption;
        }

        /** A tile with no second caption line. */
        public Tile(String caption, Heatmap map) {
            this(caption, "", map);
        }
    }

    private Panel() {
    }

    /** The panel with {@link #DEFAULT_TILE_HEIGHT}-pixel tiles. */
    public static BufferedImage render(RgbImage original, List<Tile> tiles, RenderOptions options) {
        return render(original, tiles, options, DEFAULT_TILE_HEIGHT);
    }

    /**
     * The panel with tiles {@code tileHeight} pixels high.
     *
     * @throws IllegalArgumentException if {@code tileHeight} is outside [16, 4096]
     */
    public static BufferedImage render(RgbImage original, List<Tile> tiles, RenderOptions options, int tileHeight) {
        if (tileHeight < MIN_TILE_HEIGHT || tileHeight > MAX_TILE_HEIGHT) {
            throw new IllegalArgumentException("tileHeight must be in [" + MIN_TILE_HEIGHT + ", " + MAX_TILE_HEIGHT
                    + "], got " + tileHeight);
        }
        Objects.requireNonNull(options, "options");
        int tileWidth = tileWidth(original, tileHeight);
        RgbImage base = original.resized(tileWidth, tileHeight, Interpolation.BILINEAR);

        Font font = new Font(FONT_FAMILY, Font.PLAIN, Math.max(11, Math.round(tileHeight / 16f)));
        Font bold = font.deriveFont(Font.BOLD);
        int n = tiles.size();
        BufferedImage panel = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D probe = panel.createGraphics();
        FontMetrics fm = probe.getFontMetrics(font);
        probe.dispose();
        int line = fm.getHeight();
        int captionHeight = 2 * line + GAP / 2;

        int width = (1 + n) * tileWidth + (n + 2) * GAP;
        int height = GAP + captionHeight + tileHeight + GAP;
        panel = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = panel.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int top = GAP + captionHeight;
            for (int i = 0; i <= n; i++) {
                int left = GAP + i * (tileWidth + GAP);
                String caption;
                String sub;
                RgbImage image;
                if (i == 0) {
                    caption = "input";
                    sub = original.width() + "×" + original.height() + " px";
                    image = base;
                } else {
                    Tile t = tiles.get(i - 1);
                    caption = t.caption();
                    sub = t.subcaption();
                    image = HeatmapRenderer.overlay(base, t.map(), options);
                }
                g.setFont(bold);
                g.setColor(CAPTION);
                centred(g, caption, left, tileWidth, GAP + g.getFontMetrics().getAscent());
                g.setFont(font);
                g.setColor(SUBCAPTION);
                centred(g, sub, left, tileWidth, GAP + line + g.getFontMetrics().getAscent());
                g.drawImage(image.toBufferedImage(), left, top, null);
            }
        } finally {
            g.dispose();
        }
        return panel;
    }

    /** {@link #render(RgbImage, List, RenderOptions)} encoded as PNG. */
    public static byte[] png(RgbImage original, List<Tile> tiles, RenderOptions options) {
        return HeatmapRenderer.png(render(original, tiles, options));
    }

    /** {@link #render(RgbImage, List, RenderOptions, int)} encoded as PNG. */
    public static byte[] png(RgbImage original, List<Tile> tiles, RenderOptions options, int tileHeight) {
        return HeatmapRenderer.png(render(original, tiles, options, tileHeight));
    }

    static int tileWidth(RgbImage original, int tileHeight) {
        return (int) Math.max(1, Math.round((double) original.width() * tileHeight / original.height()));
    }

    /** Draws {@code text} centred in {@code [left, left + width)}, cut with an ellipsis if it does not fit. */
    private static void centred(Graphics2D g, String text, int left, int width, int baseline) {
        if (text.isEmpty()) {
            return;
        }
        FontMetrics fm = g.getFontMetrics();
        String shown = text;
        if (fm.stringWidth(shown) > width) {
            int keep = text.length();
            while (keep > 0 && fm.stringWidth(text.substring(0, keep) + "…") > width) {
                keep--;
            }
            shown = text.substring(0, keep) + "…";
        }
        g.drawString(shown, left + Math.max(0, (width - fm.stringWidth(shown)) / 2), baseline);
    }
}
