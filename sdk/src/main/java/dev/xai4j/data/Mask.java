package dev.xai4j.data;

import dev.xai4j.explain.Heatmap;

import java.util.Arrays;

/**
 * A binary pixel mask, row-major ({@code pixels[y·width + x]}).
 *
 * @param width  columns
 * @param height rows
 * @param pixels true inside the object
 */
public record Mask(int width, int height, boolean[] pixels) {

    public Mask {
        if (width <= 0 || height <= 0 || pixels.length != width * height) {
            throw new IllegalArgumentException("mask " + width + "x" + height + " needs " + width * height + " pixels");
        }
    }

    /** A mask drawn as an image: a pixel is inside iff the mean of its three channels is at least 128. */
    public static Mask of(dev.xai4j.image.RgbImage img) {
        boolean[] px = new boolean[img.width() * img.height()];
        byte[] rgb = img.rgb();
        for (int i = 0; i < px.length; i++) {
            px[i] = (rgb[3 * i] & 0xff) + (rgb[3 * i + 1] & 0xff) + (rgb[3 * i + 2] & 0xff) >= 3 * 128;
        }
        return new Mask(img.width(), img.height(), px);
    }

    /** Whether (x, y) is inside. */
    public boolean at(int x, int y) {
        return pixels[y * width + x];
    }

    /** Pixels inside. */
    public int area() {
        int n = 0;
        for (boolean p : pixels) {
            n += p ? 1 : 0;
        }
        return n;
    }

    /** The mask as a 0/1 heatmap. */
    public Heatmap toHeatmap() {
        float[] v = new float[pixels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = pixels[i] ? 1f : 0f;
        }
        return new Heatmap(v, height, width);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && width == m.width && height == m.height && Arrays.equals(pixels, m.pixels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pixels);
    }
}
