package dev.xai4j.anatomy;

import dev.xai4j.render.Colormap;
import dev.xai4j.render.HeatmapRenderer;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Java2D helpers shared by the hand-drawn figures: the frame (margins, fonts, title and subtitle,
 * a white canvas encoded as PNG), numbered grid axes, text placement, value cells and colour bars.
 */
final class Drawing {

    static {
        Charts.headless();
    }

    static final Color INK = new Color(0x20, 0x20, 0x20);
    static final Color MUTED = new Color(0x60, 0x60, 0x60);
    static final Color RULE = new Color(0xb0, 0xb0, 0xb0);

    /** DejaVu Sans where installed (it has ·, ×, – and ≤), else the logical SansSerif, as render.Panel does. */
    static final String FONT_FAMILY = Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment()
            .getAvailableFontFamilyNames()).contains("DejaVu Sans") ? "DejaVu Sans" : Font.SANS_SERIF;

    /** Space around a figure's content, in pixels. */
    static final int MARGIN = 14;
    /** Space under the header, and between tiles. */
    static final int GAP = 10;
    /** Colour scale of the matrix-like figures: perceptually uniform, readable in grey. */
    static final Colormap SCALE = Colormap.VIRIDIS;

    static final Font TITLE = bold(18);
    static final Font SUBTITLE = font(13);
    /** Axis titles. */
    static final Font AXIS = font(14);
    /** Tick labels and small print. */
    static final Font TICK = font(12);

    private Drawing() {
    }

    static Font font(float size) {
        return new Font(FONT_FAMILY, Font.PLAIN, 1).deriveFont(size);
    }

    static Font bold(float size) {
        return new Font(FONT_FAMILY, Font.BOLD, 1).deriveFont(size);
    }

    /** Metrics of a font without a canvas, to lay a figure out before drawing it. */
    static FontMetrics metrics(Font f) {
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            return g.getFontMetrics(f);
        } finally {
            g.dispose();
        }
    }

    /** A white canvas with anti-aliased shapes and text. */
    static BufferedImage canvas(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    /** A figure: {@code paint} draws on a white {@code width × height} {@link #canvas}. */
    static BufferedImage figure(int width, int height, Consumer<Graphics2D> paint) {
        BufferedImage out = canvas(width, height);
        Graphics2D g = graphics(out);
        try {
            paint.accept(g);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** {@link #figure} as PNG bytes. */
    static byte[] png(int width, int height, Consumer<Graphics2D> paint) {
        return png(figure(width, height, paint));
    }

    /** Height of the title and subtitle lines with the gap under them. */
    static int headerHeight() {
        return metrics(TITLE).getHeight() + metrics(SUBTITLE).getHeight() + GAP;
    }

    /** The narrowest figure that shows {@code title} and {@code subtitle} whole between the margins. */
    static int headerWidth(String title, String subtitle) {
        return 2 * MARGIN + Math.max(metrics(TITLE).stringWidth(title), metrics(SUBTITLE).stringWidth(subtitle));
    }

    /** The title (bold, ink) and under it the subtitle (muted) at the top left, inside the margin. */
    static void header(Graphics2D g, String title, String subtitle) {
        g.setColor(INK);
        g.setFont(TITLE);
        FontMetrics tfm = g.getFontMetrics();
        g.drawString(title, MARGIN, MARGIN + tfm.getAscent());
        g.setFont(SUBTITLE);
        g.setColor(MUTED);
        g.drawString(subtitle, MARGIN, MARGIN + tfm.getHeight() + g.getFontMetrics().getAscent());
    }

    /**
     * Equal cells in {@code rows} × {@code cols}, {@code gap} pixels apart, the first at
     * ({@code left}, {@code top}): where each cell sits, and axes that number the columns above the
     * grid and the rows to its left.
     */
    record Grid(int left, int top, int cols, int rows, int cellW, int cellH, int gap) {

        /** The left edge that leaves room for row numbers up to {@code rows − 1} and a turned axis title. */
        static int leftFor(int rows) {
            return MARGIN + metrics(AXIS).getHeight() + 6 + metrics(TICK).stringWidth(Integer.toString(rows - 1)) + 8;
        }

        /** The top edge under the header and room for column numbers and an axis title, plus {@code pad}. */
        static int topFor(int pad) {
            return MARGIN + headerHeight() + metrics(AXIS).getHeight() + metrics(TICK).getHeight() + pad;
        }

        int x(int col) {
            return left + col * (cellW + gap);
        }

        int y(int row) {
            return top + row * (cellH + gap);
        }

        int width() {
            return cols * (cellW + gap) - gap;
        }

        int height() {
            return rows * (cellH + gap) - gap;
        }

        /**
         * Column numbers centred above the columns, row numbers left of the rows, and the axis titles
         * "{what} column" above and "{what} row" turned at the left margin.
         */
        void axes(Graphics2D g, String what) {
            FontMetrics kfm = metrics(TICK);
            g.setColor(INK);
            g.setFont(TICK);
            for (int c = 0; c < cols; c++) {
                centred(g, Integer.toString(c), x(c) + cellW / 2.0, top - 4 - kfm.getDescent());
            }
            for (int r = 0; r < rows; r++) {
                rightAligned(g, Integer.toString(r), left - 6,
                        y(r) + cellH / 2.0 + (kfm.getAscent() - kfm.getDescent()) / 2.0);
            }
            g.setFont(AXIS);
            centred(g, what + " column", left + width() / 2.0, top - 6 - kfm.getHeight() - metrics(AXIS).getDescent());
            vertical(g, what + " row", MARGIN, top + height() / 2.0);
        }
    }

    /** A square cell filled with packed {@code rgb}; {@code text}, unless null, centred in it in black or white. */
    static void cell(Graphics2D g, int rgb, int x, int y, int size, String text) {
        g.setColor(new Color(rgb));
        g.fillRect(x, y, size, size);
        if (text != null) {
            FontMetrics fm = g.getFontMetrics();
            g.setColor(textOn(rgb));
            centred(g, text, x + size / 2.0, y + size / 2.0 + (fm.getAscent() - fm.getDescent()) / 2.0);
        }
    }

    static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }

    /** Text centred on {@code cx}, cut with an ellipsis to {@code maxWidth} if it does not fit. */
    static void centred(Graphics2D g, String text, double cx, double baseline, double maxWidth) {
        String shown = fit(g.getFontMetrics(), text, maxWidth);
        g.drawString(shown, (float) (cx - g.getFontMetrics().stringWidth(shown) / 2.0), (float) baseline);
    }

    static void centred(Graphics2D g, String text, double cx, double baseline) {
        centred(g, text, cx, baseline, Double.MAX_VALUE);
    }

    /** Text ending at {@code right}. */
    static void rightAligned(Graphics2D g, String text, double right, double baseline) {
        g.drawString(text, (float) (right - g.getFontMetrics().stringWidth(text)), (float) baseline);
    }

    /** Text turned 90° anticlockwise (read bottom to top), centred on {@code cy}, its top at {@code x}. */
    static void vertical(Graphics2D g, String text, double x, double cy) {
        FontMetrics fm = g.getFontMetrics();
        AffineTransform saved = g.getTransform();
        g.translate(x + fm.getAscent(), cy + fm.stringWidth(text) / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(text, 0, 0);
        g.setTransform(saved);
    }

    /** Text turned 90° anticlockwise whose end (right side before turning) sits at {@code (cx, top)}. */
    static void verticalEndingAt(Graphics2D g, String text, double cx, double top) {
        FontMetrics fm = g.getFontMetrics();
        AffineTransform saved = g.getTransform();
        // baseline runs upward; the text's end touches `top`, its glyphs centred on cx
        g.translate(cx + (fm.getAscent() - fm.getDescent()) / 2.0, top + fm.stringWidth(text));
        g.rotate(-Math.PI / 2);
        g.drawString(text, 0, 0);
        g.setTransform(saved);
    }

    static String fit(FontMetrics fm, String text, double maxWidth) {
        if (fm.stringWidth(text) <= maxWidth) {
            return text;
        }
        int keep = text.length();
        while (keep > 0 && fm.stringWidth(text.substring(0, keep) + "…") > maxWidth) {
            keep--;
        }
        return text.substring(0, keep) + "…";
    }

    /**
     * A vertical colour bar from {@code lo} (bottom) to {@code hi} (top) with ticks at round values and a
     * label turned along its right side; returns the width it used.
     */
    static int colourBar(Graphics2D g, int x, int y, int barWidth, int height, Colormap cmap, double lo, double hi,
                         String label, Font tickFont) {
        for (int i = 0; i < height; i++) {
            double t = 1 - (i + 0.5) / height;
            g.setColor(new Color(cmap.rgb(t)));
            g.fillRect(x, y + i, barWidth, 1);
        }
        g.setColor(INK);
        g.drawRect(x, y, barWidth, height);
        g.setFont(tickFont);
        FontMetrics fm = g.getFontMetrics();
        int widest = 0;
        double span = hi - lo;
        for (double v : ticks(lo, hi, Math.max(2, height / (3 * fm.getHeight())))) {
            double t = span > 0 ? (v - lo) / span : 0;
            int ty = (int) Math.round(y + height - t * height);
            g.drawLine(x + barWidth, ty, x + barWidth + 4, ty);
            String s = format(v, span);
            g.drawString(s, x + barWidth + 7, ty + (fm.getAscent() - fm.getDescent()) / 2);
            widest = Math.max(widest, fm.stringWidth(s));
        }
        int lx = x + barWidth + 7 + widest + 6;
        vertical(g, label, lx, y + height / 2.0);
        return lx + fm.getHeight() - x;
    }

    /** Round tick values covering [lo, hi], at most about {@code count} of them (1-2-5 steps). */
    static double[] ticks(double lo, double hi, int count) {
        if (!(hi > lo)) {
            return new double[]{lo};
        }
        double raw = (hi - lo) / Math.max(1, count);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = mag;
        for (double m : new double[]{1, 2, 2.5, 5, 10}) {
            step = m * mag;
            if (step >= raw) {
                break;
            }
        }
        List<Double> out = new ArrayList<>();
        for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
            out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** A tick label with as many decimals as the scale needs. */
    static String format(double v, double span) {
        int decimals = span >= 10 ? 0 : span >= 1 ? 1 : span >= 0.1 ? 2 : 3;
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Black or white, whichever reads better on a packed RGB background. */
    static Color textOn(int rgb) {
        double luma = 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
        return luma > 140 ? Color.BLACK : Color.WHITE;
    }

    static byte[] png(BufferedImage img) {
        return HeatmapRenderer.png(img);
    }
}
