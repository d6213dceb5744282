package dev.xai4j.anatomy;

import dev.xai4j.render.Colormap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

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
