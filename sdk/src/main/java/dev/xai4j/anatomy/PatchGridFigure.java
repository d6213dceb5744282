package dev.xai4j.anatomy;

import dev.xai4j.image.Interpolation;
import dev.xai4j.model.TokenLayout;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.util.ArrayList;
import java.util.List;

import static dev.xai4j.anatomy.Drawing.MARGIN;

/** The image as the model saw it, cut into its patches, each labelled with its patch index. */
final class PatchGridFigure {

    private PatchGridFigure() {
    }

    static byte[] draw(ViTAnatomy a) {
        TokenLayout t = a.tokens();
        int gh = t.gridHeight();
        int gw = t.gridWidth();
        // patches at least 36 px on screen so that three-digit indices fit; the image at least ~450 px
        int cell = (int) Math.max(36, Math.ceil(448.0 / Math.max(gh, gw)));
        Font labelFont = Drawing.bold(Math.min(14f, Math.max(9f, cell / 3.2f)));
        String title = "Patch grid · " + gh + " × " + gw + " patches of " + a.patchSize() + " × " + a.patchSize() + " px";
        String sub = a.info().name() + " · " + t.tokenCount() + " tokens: " + prefixNames(t) + " + " + t.patchTokens()
                + " patches · label = patch index k (token P + k, P = " + t.prefixTokens() + ")";
        Drawing.Grid grid = new Drawing.Grid(Drawing.Grid.leftFor(gh), Drawing.Grid.topFor(4), gw, gh, cell, cell, 0);
        int width = Math.max(grid.left() + grid.width() + MARGIN + 10, Drawing.headerWidth(title, sub));
        int height = grid.top() + grid.height() + MARGIN;
        return Drawing.png(width, height, g -> {
            Drawing.header(g, title, sub);
            g.drawImage(a.image().resized(grid.width(), grid.height(), Interpolation.BILINEAR).toBufferedImage(),
                    grid.left(), grid.top(), null);
            // dark then light lines: visible on bright and on dark images
            g.setStroke(new BasicStroke(3f));
            g.setColor(new Color(0, 0, 0, 110));
            gridLines(g, grid);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.WHITE);
            gridLines(g, grid);
            g.setFont(labelFont);
            FontMetrics lfm = g.getFontMetrics();
            for (int k = 0; k < t.patchTokens(); k++) {
                String s = Integer.toString(k);
                int sw = lfm.stringWidth(s);
                int cx = grid.x(k % gw) + cell / 2;
                int cy = grid.y(k / gw) + cell / 2;
                g.setColor(new Color(0, 0, 0, 150));
                g.fillRoundRect(cx - sw / 2 - 3, cy - lfm.getAscent() / 2 - 3, sw + 6, lfm.getAscent() + 6, 6, 6);
                g.setColor(Color.WHITE);
                g.drawString(s, cx - sw / 2f, cy + (lfm.getAscent() - lfm.getDescent()) / 2f + 1);
            }
            grid.axes(g, "patch");
        });
    }

    private static void gridLines(Graphics2D g, Drawing.Grid grid) {
        for (int c = 0; c <= grid.cols(); c++) {
            g.drawLine(grid.x(c), grid.top(), grid.x(c), grid.top() + grid.height());
        }
        for (int r = 0; r <= grid.rows(); r++) {
            g.drawLine(grid.left(), grid.y(r), grid.left() + grid.width(), grid.y(r));
        }
    }

    /** "CLS", "CLS + DIST", …: the prefix tokens by name. */
    private static String prefixNames(TokenLayout t) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < t.prefixTokens(); i++) {
            names.add(t.tokenName(i));
        }
        return String.join(" + ", names);
    }
}
