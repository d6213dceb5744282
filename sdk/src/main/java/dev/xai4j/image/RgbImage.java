package dev.xai4j.image;

import java.awt.image.BufferedImage;

/**
 * An 8-bit RGB image, pixels interleaved row-major ({@code rgb[3·(y·width + x) + c]}).
 *
 * @param width  pixels per row
 * @param height rows
 * @param rgb    {@code 3·width·height} bytes, read as unsigned
 */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width <= 0 || height <= 0 || (long) width * height * 3 != rgb.length) {
            throw new IllegalArgumentException("RGB image " + width + "x" + height + " needs "
                    + 3L * width * height + " bytes, got " + rgb.length);
        }
    }

    /** Channel {@code c} (0 = R) of pixel (x, y), 0–255. */
    public int sample(int x, int y, int c) {
        return rgb[3 * (y * width + x) + c] & 0xff;
    }

    /** Copies the colour pixels of a {@link BufferedImage}; alpha is dropped. */
    public static RgbImage of(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        byte[] out = new byte[3 * w * h];
        for (int i = 0; i < argb.length; i++) {
            out[3 * i] = (byte) (argb[i] >> 16);
            out[3 * i + 1] = (byte) (argb[i] >> 8);
            out[3 * i + 2] = (byte) argb[i];
        }
        return new RgbImage(w, h, out);
    }

    /** This image as a {@code TYPE_INT_RGB} {@link BufferedImage}. */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[width * height];
        for (int i = 0; i < px.length; i++) {
            px[i] = (rgb[3 * i] & 0xff) << 16 | (rgb[3 * i + 1] & 0xff) << 8 | (rgb[3 * i + 2] & 0xff);
        }
        img.setRGB(0, 0, width, height, px, 0, width);
        return img;
    }

    /**
     * This image resampled to {@code w × h} as PIL's {@code Image.resize} does it: when shrinking, the
     * filter widens with the reduction (it reads every source pixel under an output pixel), so large
     * reductions do not alias and no halving steps are needed.
     */
    public RgbImage resized(int w, int h, Interpolation filter) {
        if (w <= 0 || h <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + w + "x" + h);
        }
        return w == width && h == height ? this : Resampler.resize(this, w, h, filter);
    }

    /** This image scaled, aspect kept, so that its longer side is {@code side} pixels (see {@link #resized}). */
    public RgbImage fitted(int side, Interpolation filter) {
        double s = (double) side / Math.max(width, height);
        return resized(Math.max(1, (int) Math.round(width * s)), Math.max(1, (int) Math.round(height * s)), filter);
    }

    /** This image, or if its longer side exceeds {@code maxSide}, {@link #fitted} to it: never enlarged. */
    public RgbImage fittedWithin(int maxSide, Interpolation filter) {
        return Math.max(width, height) <= maxSide ? this : fitted(maxSide, filter);
    }
}
