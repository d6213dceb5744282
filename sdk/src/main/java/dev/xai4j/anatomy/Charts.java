package dev.xai4j.anatomy;

import dev.xai4j.render.Colormap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** XChart set-up shared by the anatomy charts: one look, headless rendering, PNG through the SDK's encoder. */
final class Charts {

    static final int WIDTH = 820;
    static final int HEIGHT = 520;

    private Charts() {
    }

    /**
     * Charts are drawn off screen; on a server without a display AWT must be told so before it
     * starts. An explicit {@code -Djava.awt.headless=false} from the caller is left alone.
     */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static {
        headless();
    }

    /** White, DejaVu fonts at readable sizes, light grid, no tooltips (they are for Swing). */
    static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Drawing.RULE);
        s.setChartFontColor(Drawing.INK);
        s.setChartTitleFont(Drawing.bold(17));
        s.setChartTitleBoxVisible(false);
        s.setChartTitlePadding(10);
        s.setAxisTitleFont(Drawing.font(14));
        s.setAxisTickLabelsFont(Drawing.font(12));
        s.setAxisTickLabelsColor(Drawing.INK);
        s.setLegendFont(Drawing.font(12));
        s.setLegendBorderColor(Drawing.RULE);
        s.setLegendBackgroundColor(Color.WHITE);
        s.setAnnotationTextFont(Drawing.bold(12));
        s.setAnnotationTextFontColor(Drawing.INK);
        s.setPlotGridLinesColor(new Color(0xe4, 0xe4, 0xe4));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartPadding(14);
        s.setPlotMargin(8);
        s.setToolTipsEnabled(false);
        s.setAntiAlias(true);
        // "0.05" rather than XChart's default ".05"
        s.setXAxisDecimalPattern("0.##");
        s.setYAxisDecimalPattern("0.##");
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
    }

    /** An XY chart {@link #HEIGHT} tall in the anatomy look ({@link #style}). */
    static XYChart xy(int width, String title, String xAxisTitle, String yAxisTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(HEIGHT)
                .title(title).xAxisTitle(xAxisTitle).yAxisTitle(yAxisTitle).build();
        style(chart.getStyler());
        return chart;
    }

    /** A line through circle markers. */
    static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color marker, Color line, float width) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(marker);
        s.setLineColor(line);
        s.setLineWidth(width);
        return s;
    }

    /** 0, 1, …, n − 1: the x values of a per-layer series. */
    static double[] indices(int n) {
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
     * Call it after the legend is placed: the plot width depends on it.
     */
    static void integerXAxis(XYChart chart, int lo, int hi) {
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

    /** The title of principal-component axis {@code k} (1-based) with the share of variance it explains. */
    static String pcAxis(int k, double varianceRatio) {
        return String.format(Locale.ROOT, "PC%d (%.1f %% of variance)", k, 100 * varianceRatio);
    }

    /** Colour {@code i} of {@code n} evenly spaced along a colour scale (viridis for ordered series). */
    static Color along(Colormap cmap, int i, int n) {
        // skip the darkest and the palest end, which read as black and as background
        return new Color(cmap.rgb(n <= 1 ? 0.5 : 0.08 + 0.84 * i / (n - 1.0)));
    }

    static BufferedImage image(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    static byte[] png(Chart<?, ?> chart) {
        return Drawing.png(image(chart));
    }

    /** Images placed left to right on white, tops aligned. */
    static BufferedImage sideBySide(BufferedImage... parts) {
        int w = 0;
        int h = 0;
        for (BufferedImage p : parts) {
            w += p.getWidth();
            h = Math.max(h, p.getHeight());
        }
        BufferedImage out = Drawing.canvas(w, h);
        Graphics2D g = out.createGraphics();
        int x = 0;
        for (BufferedImage p : parts) {
            g.drawImage(p, x, 0, null);
            x += p.getWidth();
        }
        g.dispose();
        return out;
    }
}
