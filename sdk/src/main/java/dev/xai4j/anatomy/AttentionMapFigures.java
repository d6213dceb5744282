package dev.xai4j.anatomy;

import dev.xai4j.explain.HeadFusion;
import dev.xai4j.explain.HeadSelection;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.RgbImage;
import dev.xai4j.render.HeatmapRenderer;
import dev.xai4j.render.Panel;
import dev.xai4j.render.RenderOptions;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.xai4j.anatomy.Drawing.GAP;
import static dev.xai4j.anatomy.Drawing.MARGIN;

/** Attention as overlays on the image: every head of a layer, every layer with heads fused, one query row. */
final class AttentionMapFigures {

    private AttentionMapFigures() {
    }

    static byte[] headsGrid(ViTAnatomy a, int layer, RenderOptions options) {
        double[][] d = a.attentionDistance();
        List<Panel.Tile> tiles = new ArrayList<>();
        for (int h = 0; h < a.heads(); h++) {
            tiles.add(new Panel.Tile("layer " + layer + " · head " + h, "distance " + px(d[layer][h]),
                    a.clsAttention(layer, h)));
        }
        return tileGrid("CLS attention · layer " + layer + " · every head",
                a.info().name() + " · what the CLS token attends to · each tile scaled to its own maximum",
                a.image(), tiles, options);
    }

    static byte[] layersGrid(ViTAnatomy a, HeadFusion fusion, RenderOptions options) {
        DistanceSummary s = a.distanceSummary();
        List<Panel.Tile> tiles = new ArrayList<>();
        for (int l = 0; l < a.layers(); l++) {
            tiles.add(new Panel.Tile("layer " + l, "mean distance " + px(s.mean()[l]),
                    a.clsAttention(l, HeadSelection.fused(fusion))));
        }
        return tileGrid("CLS attention · every layer · heads fused: " + fusion.label(),
                a.info().name() + " · " + a.heads() + " heads per layer · each tile scaled to its own maximum",
                a.image(), tiles, options);
    }

    static byte[] attentionRowMap(ViTAnatomy a, int layer, HeadSelection heads, int query) {
        Heatmap map = a.attentionRow(layer, heads, query);
        return Panel.png(a.image(), List.of(new Panel.Tile("layer " + layer + " · " + heads.label(),
                "query " + a.tokens().tokenName(query) + " → patches", map)), RenderOptions.DEFAULT);
    }

    private static String px(double v) {
        return String.format(Locale.ROOT, "%.1f px", v);
    }

    /** Tiles in rows under a title: the input first, then one overlay per tile, a colour legend below. */
    private static byte[] tileGrid(String title, String subtitle, RgbImage image, List<Panel.Tile> tiles,
                                   RenderOptions options) {
        int tileH = AnatomyFigures.TILE;
        int tileW = (int) Math.max(1, Math.round((double) image.width() * tileH / image.height()));
        int n = tiles.size() + 1;
        // one row while it stays under ~1000 px, else about twice as wide as tall
        int cols = n <= 6 ? n : (int) Math.ceil(Math.sqrt(2.0 * n));
        int rows = (n + cols - 1) / cols;
        Font capFont = Drawing.bold(13);
        Font capSubFont = Drawing.TICK;
        int capH = Drawing.metrics(capFont).getHeight() + Drawing.metrics(capSubFont).getHeight() + 4;
        int header = Drawing.headerHeight();
        int legendH = 40;
        int width = Math.max(2 * MARGIN + cols * tileW + (cols - 1) * GAP, Drawing.headerWidth(title, subtitle));
        int height = MARGIN + header + rows * (capH + tileH + GAP) + legendH + MARGIN;
        return Drawing.png(width, height, g -> {
            Drawing.header(g, title, subtitle);
            RgbImage base = image.resized(tileW, tileH, Interpolation.BILINEAR);
            int gridLeft = (width - (cols * tileW + (cols - 1) * GAP)) / 2;
            for (int i = 0; i < n; i++) {
                int x = gridLeft + (i % cols) * (tileW + GAP);
                int y = MARGIN + header + (i / cols) * (capH + tileH + GAP);
                String cap = i == 0 ? "input" : tiles.get(i - 1).caption();
                String sub = i == 0 ? image.width() + "×" + image.height() + " px (model view)" : tiles.get(i - 1).subcaption();
                g.setFont(capFont);
                g.setColor(Drawing.INK);
                Drawing.centred(g, cap, x + tileW / 2.0, y + g.getFontMetrics().getAscent(), tileW);
                g.setFont(capSubFont);
                g.setColor(Drawing.MUTED);
                Drawing.centred(g, sub, x + tileW / 2.0,
                        y + Drawing.metrics(capFont).getHeight() + g.getFontMetrics().getAscent(), tileW);
                RgbImage tile = i == 0 ? base : HeatmapRenderer.overlay(base, tiles.get(i - 1).map(), options);
                g.drawImage(tile.toBufferedImage(), x, y + capH, null);
            }
            // legend: the colour scale from 0 to each tile's own maximum
            int ly = height - MARGIN - legendH + 12;
            int lw = Math.min(260, width - 2 * MARGIN - 200);
            int lx = (width - lw) / 2;
            for (int i = 0; i < lw; i++) {
                g.setColor(new Color(options.colormap().rgb((i + 0.5) / lw)));
                g.fillRect(lx + i, ly, 1, 12);
            }
            g.setColor(Drawing.INK);
            g.drawRect(lx, ly, lw, 12);
            g.setFont(capSubFont);
            Drawing.rightAligned(g, "0", lx - 6, ly + 11);
            g.drawString("tile maximum", lx + lw + 6, ly + 11);
        });
    }
}
