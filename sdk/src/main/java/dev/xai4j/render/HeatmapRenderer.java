package dev.xai4j.render;

import dev.xai4j.explain.Heatmap;
import dev.xai4j.image.RgbImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Draws a {@link Heatmap} as colour, alone or over an image. Steps: resolve
 * {@link Normalization#AUTO} on the raw map (so that a bicubic overshoot below 0 does not turn a
 * non-negative map into a signed one), resize to the target size with the options' upsampling,
 * normalise, colour ({@code colormap.rgb(v)}, or {@code colormap.rgbSigned(v)} after
 * a signed normalisation such as {@link Normalization#SYMMETRIC}), then per channel
 * {@code out = round((1 − alpha)·image + alpha·colour)}.
 */
public final class HeatmapRenderer {

    private HeatmapRenderer() {
    }

    /** {@link #overlay(RgbImage, Heatmap, RenderOptions)} with {@link RenderOptions#DEFAULT}. */
    public static RgbImage overlay(RgbImage image, Heatmap map) {
        return overlay(image, map, RenderOptions.DEFAULT);
    }

    /** The map resized to the image, coloured and blended over it with {@code options.alpha()}. */
    public static RgbImage overlay(RgbImage image, Heatmap map, RenderOptions options) {
        int[] colour = colours(map, image.height(), image.width(), options);
        double a = options.alpha();
        byte[] in = image.rgb();
        byte[] out = new byte[in.length];
        for (int i = 0; i < colour.length; i++) {
            for (int c = 0; c < 3; c++) {
                int base = in[3 * i + c] & 0xff;
                int over = colour[i] >> (16 - 8 * c) & 0xff;
                out[3 * i + c] = (byte) Math.round((1 - a) * base + a * over);
            }
        }
        return new RgbImage(image.width(), image.height(), out);
    }

    /**
     * The map alone, resized to {@code height × width} and coloured; {@code options.alpha()} is not used.
     *
     * @throws IllegalArgumentException if {@code height} or {@code width} is not positive
     */
    public static RgbImage colorize(Heatmap map, int height, int width, RenderOptions options) {
        int[] colour = colours(map, height, width, options);
        byte[] out = new byte[3 * colour.length];
        for (int i = 0; i < colour.length; i++) {
            out[3 * i] = (byte) (colour[i] >> 16);
            out[3 * i + 1] = (byte) (colour[i] >> 8);
            out[3 * i + 2] = (byte) colour[i];
        }
        return new RgbImage(width, height, out);
    }

    /** The image encoded as PNG. */
    public static byte[] png(RgbImage image) {
        return png(image.toBufferedImage());
    }

    /** The image encoded as PNG. */
    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Packed {@code 0xRRGGBB} colour of each pixel of the map at {@code height × width}, row-major. */
    static int[] colours(Heatmap map, int height, int width, RenderOptions options) {
        Normalization norm = options.normalization() instanceof Normalization.Auto auto
                ? auto.resolve(map) : options.normalization();
        boolean signed = norm.isSigned();
        float[] v = norm.apply(options.upsampling().resize(map, height, width)).values();
        Colormap cmap = signed ? options.signedColormap() : options.colormap();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = signed ? cmap.rgbSigned(v[i]) : cmap.rgb(v[i]);
        }
        return out;
    }
}
