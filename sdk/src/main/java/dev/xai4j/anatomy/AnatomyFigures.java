package dev.xai4j.anatomy;

import dev.xai4j.explain.HeadFusion;
import dev.xai4j.explain.HeadSelection;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.TokenLayout;
import dev.xai4j.render.Colormap;
import dev.xai4j.render.HeatmapRenderer;
import dev.xai4j.render.Panel;
import dev.xai4j.render.RenderOptions;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The anatomy figures of a {@link ViTAnatomy} as PNG bytes. Overlays reuse {@link HeatmapRenderer}
 * (and {@link Panel} for a single map) on the image as the model saw it; charts with axes are drawn
 * with XChart; the matrix-like figures (attention matrix, similarity grids, patch grid, table) are
 * drawn directly, each with a title, axis labels and a colour bar where colour carries a value.
 * Everything renders headless (AWT is put in headless mode unless the caller chose otherwise).
 *
 * <ul>
 *   <li>{@link #headsGrid}: CLS attention of every head of one layer, tiles "layer l · head h";</li>
 *   <li>{@link #layersGrid}: CLS attention of every layer, heads fused, tiles "layer l";</li>
 *   <li>{@link #attentionRowMap}: one query row of an attention matrix over the image;</li>
 *   <li>{@link #attentionMatrix}: the N × N matrix with token axes, colour bar, values when N ≤ 20;</li>
 *   <li>{@link #distanceScatter}, {@link #distanceTable}: mean attention distance per head;</li>
 *   <li>{@link #distanceCurve}, {@link #distanceBars}: its mean per layer with the min–max band, and
 *       shallow vs deep thirds;</li>
 *   <li>{@link #positionSimilarityGrid}, {@link #positionSimilarity}: cosine similarity of position
 *       embeddings, all patches or one;</li>
 *   <li>{@link #positionPca}: position embeddings on two principal components, by row and by column;</li>
 *   <li>{@link #clsPath}, {@link #clsNorms}: the CLS token across blocks;</li>
 *   <li>{@link #patchGrid}: the image cut into patches, with patch indices;</li>
 *   <li>{@link #standardSet}: all of them with default choices, by file name.</li>
 * </ul>
 */
public final class AnatomyFigures {

    /** Height of one overlay tile in the grids, in pixels. */
    public static final int TILE = 160;

    private static final int MARGIN = 14;
    private static final int GAP = 10;
    /** Colour scale of the matrix-like figures: perceptually uniform, readable in grey. */
    private static final Colormap SCALE = Colormap.VIRIDIS;

    private AnatomyFigures() {
    }

    // ================================================================= overlays

    /** {@link #headsGrid(ViTAnatomy, int, RenderOptions)} with {@link RenderOptions#DEFAULT}. */
    public static byte[] headsGrid(ViTAnatomy a, int layer) {
        return headsGrid(a, layer, RenderOptions.DEFAULT);
    }

    /**
     * The input, then the CLS attention of each head of {@code layer} over it, each tile captioned
     * "layer l · head h" with that head's mean attention distance; each map normalised on its own.
     */
    public static byte[] headsGrid(ViTAnatomy a, int layer, RenderOptions options) {
        double[][] d = a.attentionDistance();
        List<Panel.Tile> tiles = new ArrayList<>();
        for (int h = 0; h < a.heads(); h++) {
            tiles.add(new Panel.Tile("layer " + layer + " · head " + h, "distance " + px(d[layer][h]),
                    a.clsAttention(layer, h)));
        }
        return Drawing.png(tileGrid("CLS attention · layer " + layer + " · every head",
                a.info().name() + " · what the CLS token attends to · each tile scaled to its own maximum",
                a.image(), tiles, options));
    }

    /** {@link #layersGrid(ViTAnatomy, HeadFusion, RenderOptions)} with {@link RenderOptions#DEFAULT}. */
    public static byte[] layersGrid(ViTAnatomy a, HeadFusion fusion) {
        return layersGrid(a, fusion, RenderOptions.DEFAULT);
    }

    /** The input, then the CLS attention of each layer with its heads fused, tiles captioned "layer l". */
    public static byte[] layersGrid(ViTAnatomy a, HeadFusion fusion, RenderOptions options) {
        DistanceSummary s = a.distanceSummary();
        List<Panel.Tile> tiles = new ArrayList<>();
        for (int l = 0; l < a.layers(); l++) {
            tiles.add(new Panel.Tile("layer " + l, "mean distance " + px(s.mean()[l]),
                    a.clsAttention(l, HeadSelection.fused(fusion))));
        }
        return Drawing.png(tileGrid("CLS attention · every layer · heads fused: " + fusion.label(),
                a.info().name() + " · " + a.heads() + " heads per layer · each tile scaled to its own maximum",
                a.image(), tiles, options));
    }

    /**
     * Row {@code query} of the attention matrix as a map over the image (what that token attends to),
     * beside the input: a {@link Panel}.
     */
    public static byte[] attentionRowMap(ViTAnatomy a, int layer, HeadSelection heads, int query) {
        Heatmap map = a.attentionRow(layer, heads, query);
        return Panel.png(a.image(), List.of(new Panel.Tile("layer " + layer + " · " + heads.label(),
                "query " + a.tokens().tokenName(query) + " → patches", map)), RenderOptions.DEFAULT);
    }

    /** Tiles in rows under a title: the input first, then one overlay per tile, a colour legend below. */
    private static BufferedImage tileGrid(String title, String subtitle, RgbImage image, List<Panel.Tile> tiles,
                                          RenderOptions options) {
        int tileH = TILE;
        int tileW = (int) Math.max(1, Math.round((double) image.width() * tileH / image.height()));
        int n = tiles.size() + 1;
        // one row while it stays under ~1000 px, else about twice as wide as tall
        int cols = n <= 6 ? n : (int) Math.ceil(Math.sqrt(2.0 * n));
        int rows = (n + cols - 1) / cols;
        Font titleFont = Drawing.bold(18);
        Font subFont = Drawing.font(13);
        Font capFont = Drawing.bold(13);
        Font capSubFont = Drawing.font(12);
        FontMetrics tfm = Drawing.metrics(titleFont);
        FontMetrics sfm = Drawing.metrics(subFont);
        int capH = Drawing.metrics(capFont).getHeight() + Drawing.metrics(capSubFont).getHeight() + 4;
        int header = tfm.getHeight() + sfm.getHeight() + GAP;
        int legendH = 40;
        int width = Math.max(2 * MARGIN + cols * tileW + (cols - 1) * GAP,
                2 * MARGIN + Math.max(tfm.stringWidth(title), sfm.stringWidth(subtitle)));
        int height = MARGIN + header + rows * (capH + tileH + GAP) + legendH + MARGIN;
        BufferedImage out = Drawing.canvas(width, height);
        Graphics2D g = Drawing.graphics(out);
        try {
            g.setColor(Drawing.INK);
            g.setFont(titleFont);
            g.drawString(title, MARGIN, MARGIN + tfm.getAscent());
            g.setFont(subFont);
            g.setColor(Drawing.MUTED);
            g.drawString(subtitle, MARGIN, MARGIN + tfm.getHeight() + sfm.getAscent());
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
        } finally {
            g.dispose();
        }
        return out;
    }

    // ================================================================= patch grid

    /** The image as the model saw it, cut into its patches, each labelled with its patch index k. */
    public static byte[] patchGrid(ViTAnatomy a) {
        TokenLayout t = a.tokens();
        int gh = t.gridHeight();
        int gw = t.gridWidth();
        // patches at least 36 px on screen so that three-digit indices fit; the image at least ~450 px
        int cell = (int) Math.max(36, Math.ceil(448.0 / Math.max(gh, gw)));
        int iw = gw * cell;
        int ih = gh * cell;
        Font titleFont = Drawing.bold(18);
        Font subFont = Drawing.font(13);
        Font tickFont = Drawing.font(12);
        Font axisFont = Drawing.font(14);
        Font labelFont = Drawing.bold(Math.min(14f, Math.max(9f, cell / 3.2f)));
        FontMetrics tfm = Drawing.metrics(titleFont);
        FontMetrics sfm = Drawing.metrics(subFont);
        FontMetrics kfm = Drawing.metrics(tickFont);
        FontMetrics afm = Drawing.metrics(axisFont);
        String title = "Patch grid · " + gh + " × " + gw + " patches of " + a.patchSize() + " × " + a.patchSize() + " px";
        String sub = a.info().name() + " · " + t.tokenCount() + " tokens: " + prefixNames(t) + " + " + t.patchTokens()
                + " patches · label = patch index k (token P + k, P = " + t.prefixTokens() + ")";
        int left = MARGIN + afm.getHeight() + 6 + kfm.stringWidth(Integer.toString(gh - 1)) + 8;
        int top = MARGIN + tfm.getHeight() + sfm.getHeight() + GAP + afm.getHeight() + kfm.getHeight() + 4;
        int width = Math.max(left + iw + MARGIN + 10, 2 * MARGIN + Math.max(tfm.stringWidth(title), sfm.stringWidth(sub)));
        int height = top + ih + MARGIN;
        BufferedImage out = Drawing.canvas(width, height);
        Graphics2D g = Drawing.graphics(out);
        try {
            header(g, title, sub, titleFont, subFont);
            g.drawImage(a.image().resized(iw, ih, Interpolation.BILINEAR).toBufferedImage(), left, top, null);
            // dark then light lines: visible on bright and on dark images
            g.setStroke(new BasicStroke(3f));
            g.setColor(new Color(0, 0, 0, 110));
            gridLines(g, left, top, cell, gh, gw);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.WHITE);
            gridLines(g, left, top, cell, gh, gw);
            g.setFont(labelFont);
            FontMetrics lfm = g.getFontMetrics();
            for (int k = 0; k < t.patchTokens(); k++) {
                int r = k / gw;
                int c = k % gw;
                String s = Integer.toString(k);
                int sw = lfm.stringWidth(s);
                int cx = left + c * cell + cell / 2;
                int cy = top + r * cell + cell / 2;
                g.setColor(new Color(0, 0, 0, 150));
                g.fillRoundRect(cx - sw / 2 - 3, cy - lfm.getAscent() / 2 - 3, sw + 6, lfm.getAscent() + 6, 6, 6);
                g.setColor(Color.WHITE);
                g.drawString(s, cx - sw / 2f, cy + (lfm.getAscent() - lfm.getDescent()) / 2f + 1);
            }
            g.setColor(Drawing.INK);
            g.setFont(tickFont);
            for (int c = 0; c < gw; c++) {
                Drawing.centred(g, Integer.toString(c), left + c * cell + cell / 2.0, top - 4 - kfm.getDescent());
            }
            for (int r = 0; r < gh; r++) {
                Drawing.rightAligned(g, Integer.toString(r), left - 6,
                        top + r * cell + cell / 2.0 + (kfm.getAscent() - kfm.getDescent()) / 2.0);
            }
            g.setFont(axisFont);
            Drawing.centred(g, "patch column", left + iw / 2.0, top - 6 - kfm.getHeight() - afm.getDescent());
            Drawing.vertical(g, "patch row", MARGIN, top + ih / 2.0);
        } finally {
            g.dispose();
        }
        return Drawing.png(out);
    }

    private static void gridLines(Graphics2D g, int left, int top, int cell, int gh, int gw) {
        for (int c = 0; c <= gw; c++) {
            g.drawLine(left + c * cell, top, left + c * cell, top + gh * cell);
        }
        for (int r = 0; r <= gh; r++) {
            g.drawLine(left, top + r * cell, left + gw * cell, top + r * cell);
        }
    }

    private static String prefixNames(TokenLayout t) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < t.prefixTokens(); i++) {
            names.add(t.tokenName(i));
        }
        return String.join(" + ", names);
    }

    // ================================================================= attention matrix

    /**
     * The attention matrix of {@code layer} (one head or fused) as a heatmap: query rows, key columns,
     * axes labelled by token (CLS, DIST, REGk, "r,c"; thinned when there are many), a colour bar from 0
     * to the largest entry, and every cell's value written in it when N ≤ 20.
     */
    public static byte[] attentionMatrix(ViTAnatomy a, int layer, HeadSelection heads) {
        AttentionMatrix m = a.attentionMatrix(layer, heads);
        int n = m.size();
        boolean values = n <= 20;
        int cell = values ? Math.max(40, Math.min(64, 640 / n)) : Math.max(1, Math.min(24, 780 / n));
        int side = cell * n;
        Font titleFont = Drawing.bold(18);
        Font subFont = Drawing.font(13);
        Font axisFont = Drawing.font(14);
        Font tickFont = Drawing.font(Math.max(8f, Math.min(12f, cell - 1f)));
        Font valueFont = Drawing.font(Math.max(9f, Math.min(13f, cell / 3.6f)));
        FontMetrics tfm = Drawing.metrics(titleFont);
        FontMetrics sfm = Drawing.metrics(subFont);
        FontMetrics afm = Drawing.metrics(axisFont);
        FontMetrics kfm = Drawing.metrics(tickFont);
        List<String> names = m.tokenNames();
        // label every step-th token so that labels never overlap
        int step = Math.max(1, (int) Math.ceil((kfm.getHeight() + 1.0) / cell));
        int labelW = 0;
        for (int i = 0; i < n; i += step) {
            labelW = Math.max(labelW, kfm.stringWidth(names.get(i)));
        }
        String title = "Attention matrix · layer " + layer + " · " + heads.label();
        String sub = a.info().name() + " · " + n + " tokens · row i = what query token i attends to"
                + (heads.isFused() && heads.fusion() != HeadFusion.MEAN ? " · element-wise " + heads.fusion().label()
                + " over heads" : " · rows sum to 1");
        int left = MARGIN + afm.getHeight() + 8 + labelW + 6;
        int top = MARGIN + tfm.getHeight() + sfm.getHeight() + GAP + 4;
        int barX = left + side + 24;
        int barH = Math.max(160, Math.min(side, 420));
        int width = Math.max(barX + 110, 2 * MARGIN + Math.max(tfm.stringWidth(title), sfm.stringWidth(sub)));
        int height = top + side + 6 + labelW + 8 + afm.getHeight() + MARGIN;
        BufferedImage out = Drawing.canvas(width, height);
        Graphics2D g = Drawing.graphics(out);
        try {
            header(g, title, sub, titleFont, subFont);
            float max = m.max();
            float[] v = m.values();
            g.setFont(valueFont);
            FontMetrics vfm = g.getFontMetrics();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int rgb = SCALE.rgb(max > 0 ? v[i * n + j] / max : 0);
                    g.setColor(new Color(rgb));
                    g.fillRect(left + j * cell, top + i * cell, cell, cell);
                    if (values) {
                        g.setColor(Drawing.textOn(rgb));
                        Drawing.centred(g, String.format(Locale.ROOT, "%.2f", v[i * n + j]), left + (j + 0.5) * cell,
                                top + (i + 0.5) * cell + (vfm.getAscent() - vfm.getDescent()) / 2.0);
                    }
                }
            }
            int p = a.tokens().prefixTokens();
            if (cell >= 3) {
                // a white rule between the prefix tokens and the patches
                g.setColor(Color.WHITE);
                g.setStroke(new BasicStroke(Math.max(1f, cell / 12f)));
                g.drawLine(left, top + p * cell, left + side, top + p * cell);
                g.drawLine(left + p * cell, top, left + p * cell, top + side);
            }
            g.setStroke(new BasicStroke(1f));
            g.setColor(Drawing.INK);
            g.drawRect(left, top, side, side);
            g.setFont(tickFont);
            for (int i = 0; i < n; i += step) {
                Drawing.rightAligned(g, names.get(i), left - 6,
                        top + (i + 0.5) * cell + (kfm.getAscent() - kfm.getDescent()) / 2.0);
                Drawing.verticalEndingAt(g, names.get(i), left + (i + 0.5) * cell, top + side + 6);
            }
            g.setFont(axisFont);
            Drawing.centred(g, "key token (attended to)", left + side / 2.0, height - MARGIN - afm.getDescent());
            Drawing.vertical(g, "query token (attending)", MARGIN, top + side / 2.0);
            Drawing.colourBar(g, barX, top, 16, barH, SCALE, 0, max, "attention weight", Drawing.font(12));
        } finally {
            g.dispose();
        }
        return Drawing.png(out);
    }

    // ================================================================= attention distance

    /**
     * Mean attention distance of every head against depth (x = layer, y = pixels; the heads of a
     * layer spread slightly sideways so that none hides another), with the per-layer mean as a line.
     */
    public static byte[] distanceScatter(ViTAnatomy a) {
        double[][] d = a.attentionDistance();
        int layers = a.layers();
        int heads = a.heads();
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Mean attention distance per head · " + a.info().name())
                .xAxisTitle("layer (block index)").yAxisTitle("mean attention distance (px)").build();
        Charts.style(chart.getStyler());
        integerXAxis(chart, 0, layers - 1);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setMarkerSize(9);
        for (int h = 0; h < heads; h++) {
            double[] x = new double[layers];
            double[] y = new double[layers];
            for (int l = 0; l < layers; l++) {
                x[l] = l + spread(h, heads);
                y[l] = d[l][h];
            }
            XYSeries s = chart.addSeries("head " + h, x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(Charts.along(Colormap.TURBO, h, heads));
        }
        double[] mean = a.distanceSummary().mean();
        XYSeries m = chart.addSeries("mean over heads", layerAxis(layers), mean);
        m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        m.setMarker(SeriesMarkers.NONE);
        m.setLineColor(Drawing.INK);
        m.setLineStyle(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[]{6, 4}, 0));
        return Charts.png(chart);
    }

    /** Sideways offset of head h among H at one layer: within ±0.2 of the layer. */
    private static double spread(int h, int heads) {
        return heads <= 1 ? 0 : 0.4 * (h / (heads - 1.0) - 0.5);
    }

    /** The distances as a table: a row per layer, a column per head, then the mean; cells shaded by value. */
    public static byte[] distanceTable(ViTAnatomy a) {
        double[][] d = a.attentionDistance();
        double[] mean = a.distanceSummary().mean();
        int layers = a.layers();
        int heads = a.heads();
        Font titleFont = Drawing.bold(18);
        Font subFont = Drawing.font(13);
        Font headFont = Drawing.bold(12);
        Font cellFont = Drawing.font(12);
        FontMetrics tfm = Drawing.metrics(titleFont);
        FontMetrics sfm = Drawing.metrics(subFont);
        FontMetrics cfm = Drawing.metrics(cellFont);
        int colW = Math.max(64, Drawing.metrics(headFont).stringWidth("head " + (heads - 1)) + 16);
        int rowH = cfm.getHeight() + 10;
        String title = "Mean attention distance (px) · " + a.info().name();
        String sub = "Σ_j A[i,j]·d(i,j) over patch keys j, averaged over patch queries i · patch " + a.patchSize()
                + " px · shading: table min → max";
        int tableW = (heads + 2) * colW;
        int width = Math.max(2 * MARGIN + tableW, 2 * MARGIN + Math.max(tfm.stringWidth(title), sfm.stringWidth(sub)));
        int top = MARGIN + tfm.getHeight() + sfm.getHeight() + GAP;
        int height = top + (layers + 1) * rowH + MARGIN;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] r : d) {
            for (double v : r) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        BufferedImage out = Drawing.canvas(width, height);
        Graphics2D g = Drawing.graphics(out);
        try {
            header(g, title, sub, titleFont, subFont);
            int left = MARGIN;
            int baseline = (rowH + cfm.getAscent() - cfm.getDescent()) / 2;
            g.setFont(headFont);
            g.setColor(Drawing.INK);
            for (int c = 0; c < heads + 2; c++) {
                String h = c == 0 ? "layer" : c <= heads ? "head " + (c - 1) : "mean";
                Drawing.centred(g, h, left + (c + 0.5) * colW, top + baseline);
            }
            g.setColor(Drawing.RULE);
            g.drawLine(left, top + rowH, left + tableW, top + rowH);
            g.setFont(cellFont);
            for (int l = 0; l < layers; l++) {
                int y = top + (l + 1) * rowH;
                for (int c = 0; c < heads + 2; c++) {
                    String s;
                    if (c == 0) {
                        s = Integer.toString(l);
                        g.setColor(Drawing.INK);
                    } else {
                        double v = c <= heads ? d[l][c - 1] : mean[l];
                        // a pale version of the scale, so that black text stays readable
                        Color shade = blend(new Color(SCALE.rgb(hi > lo ? (v - lo) / (hi - lo) : 0)), 0.45);
                        g.setColor(shade);
                        g.fillRect(left + c * colW + 1, y + 1, colW - 2, rowH - 2);
                        g.setColor(Drawing.INK);
                        s = String.format(Locale.ROOT, "%.1f", v);
                    }
                    g.setFont(c == heads + 1 || c == 0 ? headFont : cellFont);
                    Drawing.centred(g, s, left + (c + 0.5) * colW, y + baseline);
                }
            }
        } finally {
            g.dispose();
        }
        return Drawing.png(out);
    }

    private static Color blend(Color c, double amount) {
        return new Color((int) Math.round(255 + amount * (c.getRed() - 255)),
                (int) Math.round(255 + amount * (c.getGreen() - 255)), (int) Math.round(255 + amount * (c.getBlue() - 255)));
    }

    /** Mean attention distance per layer (mean over heads) with the band between the most local and most global head. */
    public static byte[] distanceCurve(ViTAnatomy a) {
        DistanceSummary s = a.distanceSummary();
        int layers = s.layers();
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Mean attention distance per layer · " + a.info().name())
                .xAxisTitle("layer (block index)").yAxisTitle("mean attention distance (px)").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        integerXAxis(chart, 0, layers - 1);
        chart.getStyler().setYAxisMin(0.0);
        // the band as one closed polygon: along the maxima, back along the minima
        double[] bx = new double[2 * layers];
        double[] by = new double[2 * layers];
        for (int l = 0; l < layers; l++) {
            bx[l] = l;
            by[l] = s.max()[l];
            bx[2 * layers - 1 - l] = l;
            by[2 * layers - 1 - l] = s.min()[l];
        }
        XYSeries band = chart.addSeries("min–max over heads", bx, by);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setMarker(SeriesMarkers.NONE);
        Color blue = new Color(0x1f, 0x77, 0xb4);
        band.setFillColor(new Color(blue.getRed(), blue.getGreen(), blue.getBlue(), 60));
        band.setLineColor(new Color(blue.getRed(), blue.getGreen(), blue.getBlue(), 120));
        XYSeries mean = chart.addSeries("mean over heads", layerAxis(layers), s.mean());
        mean.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        mean.setMarker(SeriesMarkers.CIRCLE);
        mean.setMarkerColor(blue.darker());
        mean.setLineColor(blue.darker());
        mean.setLineWidth(2.5f);
        return Charts.png(chart);
    }

    /** Bars of the mean attention distance of the shallow third and of the deep third of the layers. */
    public static byte[] distanceBars(ViTAnatomy a) {
        DistanceSummary s = a.distanceSummary();
        CategoryChart chart = new CategoryChartBuilder().width(640).height(Charts.HEIGHT)
                .title("Local vs global attention · " + a.info().name())
                .xAxisTitle("layers").yAxisTitle("mean attention distance (px)").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(Math.max(s.shallowMean(), s.deepMean()) * 1.15 + 1e-9);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsFont(Drawing.bold(13));
        chart.getStyler().setLabelsFontColorAutomaticEnabled(false);
        // the value written inside the top of its bar (XChart keeps labels within the bar)
        chart.getStyler().setLabelsFontColor(Color.WHITE);
        chart.getStyler().setLabelsPosition(0.93);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setAvailableSpaceFill(0.55);
        chart.getStyler().setSeriesColors(new Color[]{new Color(0x1f, 0x77, 0xb4)});
        CategorySeries bars = chart.addSeries("mean over heads and layers",
                List.of(s.shallowLabel(), s.deepLabel()), List.of(s.shallowMean(), s.deepMean()));
        bars.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Bar);
        return Charts.png(chart);
    }

    // ================================================================= position embeddings

    /**
     * The ViT paper's position-embedding figure: for each patch (r, c), at grid position (r, c), a
     * small map of the cosine similarity of its position embedding with every patch's; colour −1 … 1.
     */
    public static byte[] positionSimilarityGrid(ViTAnatomy a) {
        TokenLayout t = a.tokens();
        int gh = t.gridHeight();
        int gw = t.gridWidth();
        float[][] s = a.positionSimilarity();
        int c = Math.max(2, (int) Math.round(72.0 / Math.max(gh, gw)));
        int mapW = gw * c;
        int mapH = gh * c;
        int gap = 3;
        Font titleFont = Drawing.bold(18);
        Font subFont = Drawing.font(13);
        Font tickFont = Drawing.font(12);
        Font axisFont = Drawing.font(14);
        FontMetrics tfm = Drawing.metrics(titleFont);
        FontMetrics sfm = Drawing.metrics(subFont);
        FontMetrics kfm = Drawing.metrics(tickFont);
        FontMetrics afm = Drawing.metrics(axisFont);
        String title = "Position embedding similarity · " + a.info().name();
        String sub = "tile (r, c): cosine similarity of patch r,c's position embedding with every patch's";
        int left = MARGIN + afm.getHeight() + 6 + kfm.stringWidth(Integer.toString(gh - 1)) + 8;
        int top = MARGIN + tfm.getHeight() + sfm.getHeight() + GAP + afm.getHeight() + kfm.getHeight() + 6;
        int gridW = gw * (mapW + gap) - gap;
        int gridH = gh * (mapH + gap) - gap;
        int barX = left + gridW + 24;
        int width = Math.max(barX + 110, 2 * MARGIN + Math.max(tfm.stringWidth(title), sfm.stringWidth(sub)));
        int height = top + gridH + MARGIN + 4;
        BufferedImage out = Drawing.canvas(width, height);
        Graphics2D g = Drawing.graphics(out);
        try {
            header(g, title, sub, titleFont, subFont);
            for (int p = 0; p < gh * gw; p++) {
                int ox = left + (p % gw) * (mapW + gap);
                int oy = top + (p / gw) * (mapH + gap);
                for (int q = 0; q < gh * gw; q++) {
                    g.setColor(new Color(SCALE.rgb((s[p][q] + 1) / 2.0)));
                    g.fillRect(ox + (q % gw) * c, oy + (q / gw) * c, c, c);
                }
            }
            g.setColor(Drawing.INK);
            g.setFont(tickFont);
            for (int col = 0; col < gw; col++) {
                Drawing.centred(g, Integer.toString(col), left + col * (mapW + gap) + mapW / 2.0, top - 4 - kfm.getDescent());
            }
            for (int r = 0; r < gh; r++) {
                Drawing.rightAligned(g, Integer.toString(r), left - 6,
                        top + r * (mapH + gap) + mapH / 2.0 + (kfm.getAscent() - kfm.getDescent()) / 2.0);
            }
            g.setFont(axisFont);
            Drawing.centred(g, "input patch column", left + gridW / 2.0, top - 6 - kfm.getHeight() - afm.getDescent());
            Drawing.vertical(g, "input patch row", MARGIN, top + gridH / 2.0);
            Drawing.colourBar(g, barX, top, 16, Math.max(160, gridH), SCALE, -1, 1, "cosine similarity", Drawing.font(12));
        } finally {
            g.dispose();
        }
        return Drawing.png(out);
    }

    /**
     * One patch's row of the position similarity, large: every patch coloured by the cosine
     * similarity of its position embedding with that of {@code patch} (outlined), values written in
     * the cells when they are large enough.
     */
    public static byte[] positionSimilarity(ViTAnatomy a, int patch) {
        TokenLayout t = a.tokens();
        Heatmap map = a.positionSimilarity(patch);
        int gh = t.gridHeight();
        int gw = t.gridWidth();
        int cell = Math.max(16, Math.min(64, 480 / Math.max(gh, gw)));
        boolean values = cell >= 34;
        Font titleFont = Drawing.bold(18);
        Font subFont = Drawing.font(13);
        Font tickFont = Drawing.font(12);
        Font axisFont = Drawing.font(14);
        Font valueFont = Drawing.font(Math.min(13f, cell / 3.6f));
        FontMetrics tfm = Drawing.metrics(titleFont);
        FontMetrics sfm = Drawing.metrics(subFont);
        FontMetrics kfm = Drawing.metrics(tickFont);
        FontMetrics afm = Drawing.metrics(axisFont);
        String name = t.tokenName(t.prefixTokens() + patch);
        String title = "Position embedding similarity to patch " + name;
        String sub = a.info().name() + " · cosine similarity of learned position embeddings · patch " + patch
                + " outlined";
        int left = MARGIN + afm.getHeight() + 6 + kfm.stringWidth(Integer.toString(gh - 1)) + 8;
        int top = MARGIN + tfm.getHeight() + sfm.getHeight() + GAP + afm.getHeight() + kfm.getHeight() + 6;
        int barX = left + gw * cell + 24;
        int width = Math.max(barX + 110, 2 * MARGIN + Math.max(tfm.stringWidth(title), sfm.stringWidth(sub)));
        int height = top + gh * cell + MARGIN + 4;
        BufferedImage out = Drawing.canvas(width, height);
        Graphics2D g = Drawing.graphics(out);
        try {
            header(g, title, sub, titleFont, subFont);
            g.setFont(valueFont);
            FontMetrics vfm = g.getFontMetrics();
            for (int r = 0; r < gh; r++) {
                for (int c = 0; c < gw; c++) {
                    float v = map.get(r, c);
                    int rgb = SCALE.rgb((v + 1) / 2.0);
                    g.setColor(new Color(rgb));
                    g.fillRect(left + c * cell, top + r * cell, cell, cell);
                    if (values) {
                        g.setColor(Drawing.textOn(rgb));
                        Drawing.centred(g, String.format(Locale.ROOT, "%.2f", v), left + (c + 0.5) * cell,
                                top + (r + 0.5) * cell + (vfm.getAscent() - vfm.getDescent()) / 2.0);
                    }
                }
            }
            g.setColor(new Color(0xe0, 0x20, 0x20));
            g.setStroke(new BasicStroke(3f));
            g.drawRect(left + (patch % gw) * cell + 1, top + (patch / gw) * cell + 1, cell - 2, cell - 2);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Drawing.INK);
            g.drawRect(left, top, gw * cell, gh * cell);
            g.setFont(tickFont);
            for (int c = 0; c < gw; c++) {
                Drawing.centred(g, Integer.toString(c), left + (c + 0.5) * cell, top - 4 - kfm.getDescent());
            }
            for (int r = 0; r < gh; r++) {
                Drawing.rightAligned(g, Integer.toString(r), left - 6,
                        top + (r + 0.5) * cell + (kfm.getAscent() - kfm.getDescent()) / 2.0);
            }
            g.setFont(axisFont);
            Drawing.centred(g, "patch column", left + gw * cell / 2.0, top - 6 - kfm.getHeight() - afm.getDescent());
            Drawing.vertical(g, "patch row", MARGIN, top + gh * cell / 2.0);
            Drawing.colourBar(g, barX, top, 16, Math.max(160, gh * cell), SCALE, -1, 1, "cosine similarity",
                    Drawing.font(12));
        } finally {
            g.dispose();
        }
        return Drawing.png(out);
    }

    /**
     * The patches' position embeddings on their first two principal components, twice: coloured by
     * patch row (left) and by patch column (right). A model that learned the 2-D layout shows ordered
     * bands of colour.
     */
    public static byte[] positionPca(ViTAnatomy a) {
        PositionPca p = a.positionPca();
        TokenLayout t = a.tokens();
        return Drawing.png(Charts.sideBySide(
                pcaScatter(a, p, p.row(), t.gridHeight(), "row"),
                pcaScatter(a, p, p.column(), t.gridWidth(), "column")));
    }

    private static BufferedImage pcaScatter(ViTAnatomy a, PositionPca p, int[] group, int groups, String what) {
        PcaProjection pr = p.projection();
        XYChart chart = new XYChartBuilder().width(620).height(Charts.HEIGHT)
                .title("Position embeddings, PCA · colour = patch " + what)
                .xAxisTitle(pcLabel(1, pr.varianceRatio()[0])).yAxisTitle(pcLabel(2, pr.varianceRatio()[1])).build();
        Charts.style(chart.getStyler());
        chart.getStyler().setMarkerSize(10);
        chart.getStyler().setLegendVisible(groups <= 16);
        for (int k = 0; k < groups; k++) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i = 0; i < pr.size(); i++) {
                if (group[i] == k) {
                    x.add(pr.x()[i]);
                    y.add(pr.y()[i]);
                }
            }
            XYSeries s = chart.addSeries(what + " " + k, x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(Charts.along(Colormap.VIRIDIS, k, groups));
        }
        return Charts.image(chart);
    }

    private static String pcLabel(int k, double ratio) {
        return String.format(Locale.ROOT, "PC%d (%.1f %% of variance)", k, 100 * ratio);
    }

    // ================================================================= CLS token

    /** The CLS states after 0 … L blocks on their first two principal components, joined in order, points labelled 0 … L. */
    public static byte[] clsPath(ViTAnatomy a) {
        PcaProjection p = a.clsPath();
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("CLS token across the blocks, PCA · " + a.info().name())
                .xAxisTitle(pcLabel(1, p.varianceRatio()[0])).yAxisTitle(pcLabel(2, p.varianceRatio()[1])).build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(10);
        XYSeries s = chart.addSeries("CLS state after k blocks (0 = after the embeddings)", p.x(), p.y());
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.CIRCLE);
        Color c = new Color(0xd6, 0x27, 0x28);
        s.setMarkerColor(c);
        s.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 150));
        s.setLineWidth(2f);
        // labels above their points, by a fixed share of the vertical range; the range padded to keep them inside
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double xl = Double.POSITIVE_INFINITY;
        double xh = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < p.size(); i++) {
            lo = Math.min(lo, p.y()[i]);
            hi = Math.max(hi, p.y()[i]);
            xl = Math.min(xl, p.x()[i]);
            xh = Math.max(xh, p.x()[i]);
        }
        double dy = hi > lo ? hi - lo : 1;
        double dx = xh > xl ? xh - xl : 1;
        chart.getStyler().setYAxisMin(lo - 0.08 * dy);
        chart.getStyler().setYAxisMax(hi + 0.14 * dy);
        chart.getStyler().setXAxisMin(xl - 0.06 * dx);
        chart.getStyler().setXAxisMax(xh + 0.06 * dx);
        for (int i = 0; i < p.size(); i++) {
            chart.addAnnotation(new AnnotationText(p.labels().get(i), p.x()[i], p.y()[i] + 0.055 * dy, false));
        }
        return Charts.png(chart);
    }

    /** The CLS token's L2 norm after 0 … L blocks. */
    public static byte[] clsNorms(ViTAnatomy a) {
        double[] norms = a.clsNorms();
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("CLS token norm across the blocks · " + a.info().name())
                .xAxisTitle("blocks applied (0 = after the embeddings)").yAxisTitle("‖CLS state‖₂").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setMarkerSize(9);
        integerXAxis(chart, 0, a.layers());
        XYSeries s = chart.addSeries("‖CLS‖₂", layerAxis(norms.length), norms);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.CIRCLE);
        Color c = new Color(0x2c, 0xa0, 0x2c);
        s.setMarkerColor(c);
        s.setLineColor(c);
        s.setLineWidth(2.5f);
        return Charts.png(chart);
    }

    // ================================================================= all

    /**
     * Every figure with default choices (last layer, mean fusion, CLS query, centre patch), keyed by
     * a file-name stem: {@code heads-layer{L-1}}, {@code layers-mean}, {@code attention-matrix-layer{L-1}-mean},
     * {@code attention-row-layer{L-1}-cls}, {@code attention-distance-scatter}, {@code attention-distance-table},
     * {@code attention-distance-curve}, {@code attention-distance-bars}, {@code position-similarity-grid},
     * {@code position-similarity-patch{k}}, {@code position-pca}, {@code cls-path}, {@code cls-norms},
     * {@code patch-grid}.
     */
    public static Map<String, byte[]> standardSet(ViTAnatomy a) {
        int last = a.layers() - 1;
        TokenLayout t = a.tokens();
        int centre = (t.gridHeight() / 2) * t.gridWidth() + t.gridWidth() / 2;
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("heads-layer" + last, headsGrid(a, last));
        out.put("layers-mean", layersGrid(a, HeadFusion.MEAN));
        out.put("attention-matrix-layer" + last + "-mean", attentionMatrix(a, last, HeadSelection.MEAN));
        out.put("attention-row-layer" + last + "-cls", attentionRowMap(a, last, HeadSelection.MEAN, 0));
        out.put("attention-distance-scatter", distanceScatter(a));
        out.put("attention-distance-table", distanceTable(a));
        out.put("attention-distance-curve", distanceCurve(a));
        out.put("attention-distance-bars", distanceBars(a));
        out.put("position-similarity-grid", positionSimilarityGrid(a));
        out.put("position-similarity-patch" + centre, positionSimilarity(a, centre));
        out.put("position-pca", positionPca(a));
        out.put("cls-path", clsPath(a));
        out.put("cls-norms", clsNorms(a));
        out.put("patch-grid", patchGrid(a));
        return out;
    }

    // ================================================================= shared bits

    private static void header(Graphics2D g, String title, String sub, Font titleFont, Font subFont) {
        g.setColor(Drawing.INK);
        g.setFont(titleFont);
        FontMetrics tfm = g.getFontMetrics();
        g.drawString(title, MARGIN, MARGIN + tfm.getAscent());
        g.setFont(subFont);
        g.setColor(Drawing.MUTED);
        g.drawString(sub, MARGIN, MARGIN + tfm.getHeight() + g.getFontMetrics().getAscent());
    }

    private static String px(double v) {
        return String.format(Locale.ROOT, "%.1f px", v);
    }

    private static double[] layerAxis(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    /**
     * An x axis from {@code lo − ½} to {@code hi + ½} labelled at integers only. XChart picks tick
     * steps itself and drops every label when two in range are equal, so: the spacing hint asks for
     * about one tick per unit, and any tick that is not an integer in range gets a distinct invisible
     * label (zero-width spaces, counted by position). XChart turns the hint into a step of about
     * {@code hint · span / plotWidth} rounded to 1, 2, 5…; 0.9 of a unit's width lands on 1.
     */
    private static void integerXAxis(XYChart chart, int lo, int hi) {
        chart.getStyler().setXAxisMin(lo - 0.5);
        chart.getStyler().setXAxisMax(hi + 0.5);
        // the plot is the chart less the y axis, padding and (on the right) the legend
        boolean legendRight = chart.getStyler().isLegendVisible()
                && chart.getStyler().getLegendPosition() == Styler.LegendPosition.OutsideE;
        double plotWidth = chart.getWidth() - (legendRight ? 270 : 90);
        chart.getStyler().setXAxisTickMarkSpacingHint(Math.max(50, (int) (0.9 * plotWidth / (hi - lo + 1.0))));
        chart.getStyler().setxAxisTickLabelsFormattingFunction(v ->
                Math.abs(v - Math.rint(v)) < 1e-9 && v >= lo - 1e-9 && v <= hi + 1e-9 ? Long.toString(Math.round(v))
                        : "\u200B".repeat(1 + Math.floorMod(Math.round(v * 8), 4096)));
    }
}
