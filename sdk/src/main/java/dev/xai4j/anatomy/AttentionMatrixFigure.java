package dev.xai4j.anatomy;

import dev.xai4j.explain.HeadFusion;
import dev.xai4j.explain.HeadSelection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.util.List;
import java.util.Locale;

import static dev.xai4j.anatomy.Drawing.MARGIN;
import static dev.xai4j.anatomy.Drawing.SCALE;

/** The N × N attention matrix of one layer as a heatmap with token axes and a colour bar. */
final class AttentionMatrixFigure {

    private AttentionMatrixFigure() {
    }

    static byte[] draw(ViTAnatomy a, int layer, HeadSelection heads) {
        AttentionMatrix m = a.attentionMatrix(layer, heads);
        int n = m.size();
        boolean values = n <= 20;
        int cell = values ? Math.max(40, Math.min(64, 640 / n)) : Math.max(1, Math.min(24, 780 / n));
        int side = cell * n;
        Font tickFont = Drawing.font(Math.max(8f, Math.min(12f, cell - 1f)));
        Font valueFont = Drawing.font(Math.max(9f, Math.min(13f, cell / 3.6f)));
        FontMetrics afm = Drawing.metrics(Drawing.AXIS);
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
        int top = MARGIN + Drawing.headerHeight() + 4;
        int barX = left + side + 24;
        int barH = Math.max(160, Math.min(side, 420));
        int width = Math.max(barX + 110, Drawing.headerWidth(title, sub));
        int height = top + side + 6 + labelW + 8 + afm.getHeight() + MARGIN;
        return Drawing.png(width, height, g -> {
            Drawing.header(g, title, sub);
            float max = m.max();
            float[] v = m.values();
            g.setFont(valueFont);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    Drawing.cell(g, SCALE.rgb(max > 0 ? v[i * n + j] / max : 0), left + j * cell, top + i * cell, cell,
                            values ? String.format(Locale.ROOT, "%.2f", v[i * n + j]) : null);
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
            g.setFont(Drawing.AXIS);
            Drawing.centred(g, "key token (attended to)", left + side / 2.0, height - MARGIN - afm.getDescent());
            Drawing.vertical(g, "query token (attending)", MARGIN, top + side / 2.0);
            Drawing.colourBar(g, barX, top, 16, barH, SCALE, 0, max, "attention weight", Drawing.TICK);
        });
    }
}
