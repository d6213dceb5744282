package dev.xai4j.anatomy;

import dev.xai4j.render.Colormap;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.util.List;
import java.util.Locale;

import static dev.xai4j.anatomy.Drawing.MARGIN;
import static dev.xai4j.anatomy.Drawing.SCALE;

/** Mean attention distance: per head (scatter, table), per layer (curve with band), shallow vs deep (bars). */
final class DistanceFigures {

    private static final String DISTANCE_AXIS = "mean attention distance (px)";

    private DistanceFigures() {
    }

    static byte[] scatter(ViTAnatomy a) {
        double[][] d = a.attentionDistance();
        int layers = a.layers();
        int heads = a.heads();
        XYChart chart = Charts.xy(Charts.WIDTH, "Mean attention distance per head · " + a.info().name(),
                "layer (block index)", DISTANCE_AXIS);
        Charts.integerXAxis(chart, 0, layers - 1);
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
        XYSeries m = chart.addSeries("mean over heads", Charts.indices(layers), mean);
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

    static byte[] table(ViTAnatomy a) {
        double[][] d = a.attentionDistance();
        double[] mean = a.distanceSummary().mean();
        int layers = a.layers();
        int heads = a.heads();
        Font headFont = Drawing.bold(12);
        Font cellFont = Drawing.TICK;
        FontMetrics cfm = Drawing.metrics(cellFont);
        int colW = Math.max(64, Drawing.metrics(headFont).stringWidth("head " + (heads - 1)) + 16);
        int rowH = cfm.getHeight() + 10;
        String title = "Mean attention distance (px) · " + a.info().name();
        String sub = "Σ_j A[i,j]·d(i,j) over patch keys j, averaged over patch queries i · patch " + a.patchSize()
                + " px · shading: table min → max";
        int tableW = (heads + 2) * colW;
        int width = Math.max(2 * MARGIN + tableW, Drawing.headerWidth(title, sub));
        int top = MARGIN + Drawing.headerHeight();
        int height = top + (layers + 1) * rowH + MARGIN;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] r : d) {
            for (double v : r) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double min = lo;
        double range = hi - lo;
        return Drawing.png(width, height, g -> {
            Drawing.header(g, title, sub);
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
                        Color shade = blend(new Color(SCALE.rgb(range > 0 ? (v - min) / range : 0)), 0.45);
                        g.setColor(shade);
                        g.fillRect(left + c * colW + 1, y + 1, colW - 2, rowH - 2);
                        g.setColor(Drawing.INK);
                        s = String.format(Locale.ROOT, "%.1f", v);
                    }
                    g.setFont(c == heads + 1 || c == 0 ? headFont : cellFont);
                    Drawing.centred(g, s, left + (c + 0.5) * colW, y + baseline);
                }
            }
        });
    }

    private static Color blend(Color c, double amount) {
        return new Color((int) Math.round(255 + amount * (c.getRed() - 255)),
                (int) Math.round(255 + amount * (c.getGreen() - 255)), (int) Math.round(255 + amount * (c.getBlue() - 255)));
    }

    static byte[] curve(ViTAnatomy a) {
        DistanceSummary s = a.distanceSummary();
        int layers = s.layers();
        XYChart chart = Charts.xy(Charts.WIDTH, "Mean attention distance per layer · " + a.info().name(),
                "layer (block index)", DISTANCE_AXIS);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        Charts.integerXAxis(chart, 0, layers - 1);
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
        Charts.line(chart, "mean over heads", Charts.indices(layers), s.mean(), blue.darker(), blue.darker(), 2.5f);
        return Charts.png(chart);
    }

    static byte[] bars(ViTAnatomy a) {
        DistanceSummary s = a.distanceSummary();
        CategoryChart chart = new CategoryChartBuilder().width(640).height(Charts.HEIGHT)
                .title("Local vs global attention · " + a.info().name())
                .xAxisTitle("layers").yAxisTitle(DISTANCE_AXIS).build();
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
}
