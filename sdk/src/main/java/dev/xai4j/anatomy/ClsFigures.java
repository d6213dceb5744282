package dev.xai4j.anatomy;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

import java.awt.Color;

/** The CLS token across the blocks: its path on two principal components and its norm. */
final class ClsFigures {

    private ClsFigures() {
    }

    static byte[] path(ViTAnatomy a) {
        PcaProjection p = a.clsPath();
        XYChart chart = Charts.xy(Charts.WIDTH, "CLS token across the blocks, PCA · " + a.info().name(),
                Charts.pcAxis(1, p.varianceRatio()[0]), Charts.pcAxis(2, p.varianceRatio()[1]));
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(10);
        Color c = new Color(0xd6, 0x27, 0x28);
        Charts.line(chart, "CLS state after k blocks (0 = after the embeddings)", p.x(), p.y(), c,
                new Color(c.getRed(), c.getGreen(), c.getBlue(), 150), 2f);
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

    static byte[] norms(ViTAnatomy a) {
        double[] norms = a.clsNorms();
        XYChart chart = Charts.xy(Charts.WIDTH, "CLS token norm across the blocks · " + a.info().name(),
                "blocks applied (0 = after the embeddings)", "‖CLS state‖₂");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setMarkerSize(9);
        Charts.integerXAxis(chart, 0, a.layers());
        Color c = new Color(0x2c, 0xa0, 0x2c);
        Charts.line(chart, "‖CLS‖₂", Charts.indices(norms.length), norms, c, c, 2.5f);
        return Charts.png(chart);
    }
}
