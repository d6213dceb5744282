package dev.xai4j.data;

import dev.xai4j.image.RgbImage;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic generator of synthetic scenes with known answers: one object (or two of different
 * classes) of a {@link Shape} with random size, position, rotation and colour, on a cluttered
 * background (smooth colour fields, pixel noise, faint stripes) crossed by distractor strokes. Each
 * object comes with its pixel mask (pixel centres inside the shape).
 *
 * <p>Scene {@code i} depends only on the seed and {@code i}, so sets can be regenerated exactly and
 * in any order.
 */
public final class SceneGenerator {

    /** The default image size, ViT-B/16's 224 × 224. */
    public static final int DEFAULT_SIZE = 224;

    private final long seed;
    private final int size;

    /** Scenes of 224 × 224 from a seed. */
    public SceneGenerator(long seed) {
        this(seed, DEFAULT_SIZE);
    }

    public SceneGenerator(long seed, int size) {
        if (size < 32) {
            throw new IllegalArgumentException("scene size must be at least 32 pixels, got " + size);
        }
        this.seed = seed;
        this.size = size;
    }

    /** The image size. */
    public int size() {
        return size;
    }

    /** Single-object scene number {@code index}. */
    public Scene scene(long index) {
        SplittableRandom r = random(index, 1);
        Shape shape = Shape.values()[r.nextInt(Shape.values().length)];
        return render(r, List.of(shape));
    }

    /** Two-object scene number {@code index}: two objects of different classes that do not overlap. */
    public Scene twoObjectScene(long index) {
        SplittableRandom r = random(index, 2);
        int a = r.nextInt(Shape.values().length);
        int b = (a + 1 + r.nextInt(Shape.values().length - 1)) % Shape.values().length;
        return render(r, List.of(Shape.values()[a], Shape.values()[b]));
    }

    /** Single-object scenes {@code from, from+1, …, from+count−1}. */
    public Iterator<Scene> scenes(long from, long count) {
        return new Iterator<>() {
            long i = from;

            @Override
            public boolean hasNext() {
                return i < from + count;
            }

            @Override
            public Scene next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return scene(i++);
            }
        };
    }

    private SplittableRandom random(long index, int kind) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + kind);
    }

    private Scene render(SplittableRandom r, List<Shape> shapes) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        background(img, r);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        double scale = size / 224.0;
        strokes(g, r, scale, 4 + r.nextInt(6));
        List<Scene.SceneObject> objects = new ArrayList<>();
        List<double[]> placed = new ArrayList<>();
        for (Shape s : shapes) {
            double radius = (shapes.size() == 1 ? 28 + r.nextDouble() * 44 : 24 + r.nextDouble() * 22) * scale;
            double cx = 0;
            double cy = 0;
            for (int attempt = 0; attempt < 200; attempt++) {
                cx = radius + 4 + r.nextDouble() * (size - 2 * radius - 8);
                cy = radius + 4 + r.nextDouble() * (size - 2 * radius - 8);
                boolean free = true;
                for (double[] p : placed) {
                    free &= Math.hypot(cx - p[0], cy - p[1]) > radius + p[2] + 6 * scale;
                }
                if (free) {
                    break;
                }
            }
            placed.add(new double[]{cx, cy, radius});
            java.awt.Shape outline = outline(s, cx, cy, radius, r.nextDouble() * 2 * Math.PI);
            g.setColor(objectColor(img, cx, cy, r));
            g.fill(outline);
            objects.add(new Scene.SceneObject(s, mask(outline)));
        }
        // a few strokes over the objects too, so that no object is a clean silhouette
        strokes(g, r, scale, 1 + r.nextInt(3));
        g.dispose();
        return new Scene(RgbImage.of(img), objects);
    }

    private Mask mask(java.awt.Shape outline) {
        boolean[] px = new boolean[size * size];
        Rectangle2D b = outline.getBounds2D();
        for (int y = Math.max(0, (int) b.getMinY()); y < Math.min(size, (int) Math.ceil(b.getMaxY()) + 1); y++) {
            for (int x = Math.max(0, (int) b.getMinX()); x < Math.min(size, (int) Math.ceil(b.getMaxX()) + 1); x++) {
                px[y * size + x] = outline.contains(x + 0.5, y + 0.5);
            }
        }
        return new Mask(size, size, px);
    }

    static java.awt.Shape outline(Shape s, double cx, double cy, double r, double angle) {
        java.awt.Shape local = switch (s) {
            case DISC -> new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
            case SQUARE -> new Rectangle2D.Double(-0.8 * r, -0.8 * r, 1.6 * r, 1.6 * r);
            case TRIANGLE -> polygon(3, r, r);
            case STAR -> polygon(5, r, 0.42 * r);
            case CROSS -> {
                Area a = new Area(new Rectangle2D.Double(-r, -0.27 * r, 2 * r, 0.54 * r));
                a.add(new Area(new Rectangle2D.Double(-0.27 * r, -r, 0.54 * r, 2 * r)));
                yield a;
            }
            case RING -> {
                Area a = new Area(new Ellipse2D.Double(-r, -r, 2 * r, 2 * r));
                a.subtract(new Area(new Ellipse2D.Double(-0.55 * r, -0.55 * r, 1.1 * r, 1.1 * r)));
                yield a;
            }
        };
        AffineTransform t = new AffineTransform();
        t.translate(cx, cy);
        t.rotate(angle);
        return t.createTransformedShape(local);
    }

    /** A regular polygon (inner = outer) or star (inner &lt; outer) with {@code points} tips. */
    private static java.awt.Shape polygon(int points, double outer, double inner) {
        Path2D.Double p = new Path2D.Double();
        boolean star = inner < outer;
        int n = star ? 2 * points : points;
        for (int i = 0; i < n; i++) {
            double rad = star && i % 2 == 1 ? inner : outer;
            double a = -Math.PI / 2 + i * 2 * Math.PI / n;
            if (i == 0) {
                p.moveTo(rad * Math.cos(a), rad * Math.sin(a));
            } else {
                p.lineTo(rad * Math.cos(a), rad * Math.sin(a));
            }
        }
        p.closePath();
        return p;
    }

    /** Smooth random colour field (bilinear over a coarse grid), faint stripes, pixel noise. */
    private void background(BufferedImage img, SplittableRandom r) {
        int grid = 5;
        float[][] nodes = new float[(grid + 1) * (grid + 1)][3];
        float base = 60 + r.nextInt(120);
        for (float[] n : nodes) {
            for (int c = 0; c < 3; c++) {
                n[c] = base + (float) (r.nextDouble() * 120 - 60);
            }
        }
        double stripeAngle = r.nextDouble() * Math.PI;
        double stripeFreq = (0.05 + r.nextDouble() * 0.15);
        double stripeAmp = 6 + r.nextDouble() * 14;
        double sx = Math.cos(stripeAngle);
        double sy = Math.sin(stripeAngle);
        int[] px = new int[size * size];
        for (int y = 0; y < size; y++) {
            double gy = (double) y / size * grid;
            int y0 = Math.min(grid - 1, (int) gy);
            double fy = gy - y0;
            for (int x = 0; x < size; x++) {
                double gx = (double) x / size * grid;
                int x0 = Math.min(grid - 1, (int) gx);
                double fx = gx - x0;
                double stripe = stripeAmp * Math.sin((x * sx + y * sy) * stripeFreq * 2 * Math.PI);
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = (1 - fy) * ((1 - fx) * nodes[y0 * (grid + 1) + x0][c] + fx * nodes[y0 * (grid + 1) + x0 + 1][c])
                            + fy * ((1 - fx) * nodes[(y0 + 1) * (grid + 1) + x0][c] + fx * nodes[(y0 + 1) * (grid + 1) + x0 + 1][c]);
                    v += stripe + r.nextDouble() * 24 - 12;
                    rgb = rgb << 8 | Math.max(0, Math.min(255, (int) Math.round(v)));
                }
                px[y * size + x] = rgb;
            }
        }
        img.setRGB(0, 0, size, size, px, 0, size);
    }

    private void strokes(Graphics2D g, SplittableRandom r, double scale, int count) {
        for (int i = 0; i < count; i++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            g.setStroke(new BasicStroke((float) ((1 + r.nextDouble() * 3) * scale), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            double x1 = r.nextDouble() * size;
            double y1 = r.nextDouble() * size;
            double x2 = r.nextDouble() * size;
            double y2 = r.nextDouble() * size;
            g.draw(new QuadCurve2D.Double(x1, y1, r.nextDouble() * size, r.nextDouble() * size, x2, y2));
        }
    }

    /** A saturated colour whose brightness is far from the background's around the object. */
    private static Color objectColor(BufferedImage img, double cx, double cy, SplittableRandom r) {
        int rgb = img.getRGB((int) cx, (int) cy);
        double bg = (0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff)) / 255.0;
        float brightness = (float) (bg > 0.5 ? 0.1 + r.nextDouble() * 0.25 : 0.75 + r.nextDouble() * 0.25);
        return Color.getHSBColor((float) r.nextDouble(), (float) (0.4 + r.nextDouble() * 0.6), brightness);
    }
}
