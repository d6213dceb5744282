package dev.xai4j.anatomy;

import dev.xai4j.explain.Heatmap;
import dev.xai4j.model.TokenLayout;
import dev.xai4j.render.Colormap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import static dev.xai4j.anatomy.Drawing.MARGIN;
import static dev.xai4j.anatomy.Drawing.SCALE;

/** The learned position embeddings: cosine similarity of every patch pair or to one patch, and their PCA. */
final class PositionFigures {

    private PositionFigures() {
    }

    static byte[] similarityGrid(ViTAnatomy a) {
        TokenLayout t = a.tokens();
        int gh = t.gridHeight();
        int gw = t.gridWidth();
        float[][] s = a.positionSimilarity();
        int c = Math.max(2, (int) Math.round(72.0 / Math.max(gh, gw)));
        String title = "Position embedding similarity · " + a.info().name();
        String sub = "tile (r, c): cosine similarity of patch r,c's position embedding with every patch's";
        Drawing.Grid grid = new Drawing.Grid(Drawing.Grid.leftFor(gh), Drawing.Grid.topFor(6), gw, gh, gw * c, gh * c, 3);
        return similarityFigure(title, sub, grid, g -> {
            for (int p = 0; p < gh * gw; p++) {
                int ox = grid.x(p % gw);
                int oy = grid.y(p / gw);
                for (int q = 0; q < gh * gw; q++) {
                    g.setColor(new Color(SCALE.rgb((s[p][q] + 1) / 2.0)));
                    g.fillRect(ox + (q % gw) * c, oy + (q / gw) * c, c, c);
                }
            }
        }, "input patch");
    }

    static byte[] similarity(ViTAnatomy a, int patch) {
        TokenLayout t = a.tokens();
        Heatmap map = a.positionSimilarity(patch);
        int gh = t.gridHeight();
        int gw = t.gridWidth();
        int cell = Math.max(16, Math.min(64, 480 / Math.max(gh, gw)));
        boolean values = cell >= 34;
        Font valueFont = Drawing.font(Math.min(13f, cell / 3.6f));
        String title = "Position embedding similarity to patch " + t.tokenName(t.prefixTokens() + patch);
        String sub = a.info().name() + " · cosine similarity of learned position embeddings · patch " + patch
                + " outlined";
        Drawing.Grid grid = new Drawing.Grid(Drawing.Grid.leftFor(gh), Drawing.Grid.topFor(6), gw, gh, cell, cell, 0);
        return similarityFigure(title, sub, grid, g -> {
            g.setFont(valueFont);
            for (int r = 0; r < gh; r++) {
                for (int c = 0; c < gw; c++) {
                    float v = map.get(r, c);
                    Drawing.cell(g, SCALE.rgb((v + 1) / 2.0), grid.x(c), grid.y(r), cell,
                            values ? String.format(Locale.ROOT, "%.2f", v) : null);
                }
            }
            g.setColor(new Color(0xe0, 0x20, 0x20));
            g.setStroke(new BasicStroke(3f));
            g.drawRect(grid.x(patch % gw) + 1, grid.y(patch / gw) + 1, cell - 2, cell - 2);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Drawing.INK);
            g.drawRect(grid.left(), grid.top(), grid.width(), grid.height());
        }, "patch");
    }

    /** A similarity figure: header, {@code cells} drawn on the grid, its axes and a −1 … 1 colour bar. */
    private static byte[] similarityFigure(String title, String sub, Drawing.Grid grid,
                                           Consumer<Graphics2D> cells, String axes) {
        int barX = grid.left() + grid.width() + 24;
        int width = Math.max(barX + 110, Drawing.headerWidth(title, sub));
        int height = grid.top() + grid.height() + MARGIN + 4;
        return Drawing.png(width, height, g -> {
            Drawing.header(g, title, sub);
            cells.accept(g);
            grid.axes(g, axes);
            Drawing.colourBar(g, barX, grid.top(), 16, Math.max(160, grid.height()), SCALE, -1, 1, "cosine similarity",
                    Drawing.TICK);
        });
    }

    static byte[] pca(ViTAnatomy a) {
        PositionPca p = a.positionPca();
        TokenLayout t = a.tokens();
        return Drawing.png(Charts.sideBySide(
                pcaScatter(p, p.row(), t.gridHeight(), "row"),
                pcaScatter(p, p.column(), t.gridWidth(), "column")));
    }

    private static BufferedImage pcaScatter(PositionPca p, int[] group, int groups, String what) {
        PcaProjection pr = p.projection();
        XYChart chart = Charts.xy(620, "Position embeddings, PCA · colour = patch " + what,
                Charts.pcAxis(1, pr.varianceRatio()[0]), Charts.pcAxis(2, pr.varianceRatio()[1]));
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
}
