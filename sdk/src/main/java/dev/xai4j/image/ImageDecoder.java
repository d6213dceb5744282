package dev.xai4j.image;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * Decodes PNG, JPEG, BMP and GIF (first frame) into {@link RgbImage}s.
 *
 * <p>The format is judged from the content's magic bytes, never from a file name. Width and height
 * are read from the header first, and images with more than {@link #maxPixels()} pixels are refused
 * before any pixel is decoded. Grey images keep their stored levels (no colour-space conversion),
 * alpha is dropped, and a JPEG's EXIF orientation is applied so the image stands as it was shot.
 */
public final class ImageDecoder {

    /** The default pixel limit: 40 megapixels. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

    private final long maxPixels;

    /** A decoder with the default limit of 40 MP. */
    public ImageDecoder() {
        this(DEFAULT_MAX_PIXELS);
    }

    /** A decoder that refuses images of more than {@code maxPixels} pixels. */
    public ImageDecoder(long maxPixels) {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
        ImageIO.setUseCache(false);
    }

    /** The pixel limit. */
    public long maxPixels() {
        return maxPixels;
    }

    /** Reads and decodes a file. */
    public RgbImage read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidImageException(InvalidImageException.Reason.NOT_AN_IMAGE, "image file not found: " + file);
        } catch (IOException e) {
            throw new InvalidImageException(InvalidImageException.Reason.NOT_AN_IMAGE,
                    "cannot read image file " + file + ": " + e.getMessage(), e);
        }
        try {
            return decode(bytes);
        } catch (InvalidImageException e) {
            throw new InvalidImageException(e.reason(), file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes an encoded image.
     *
     * @throws InvalidImageException if the bytes are not an image of a supported format, the image is
     *                               too large, or it cannot be decoded
     */
    public RgbImage decode(byte[] bytes) {
        String format = sniff(bytes);
        if (format == null) {
            throw new InvalidImageException(InvalidImageException.Reason.NOT_AN_IMAGE,
                    "not an image: the content is not PNG, JPEG, BMP or GIF" + describeStart(bytes));
        }
        BufferedImage img;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
            if (!readers.hasNext()) {
                throw new InvalidImageException(InvalidImageException.Reason.UNDECODABLE, "no decoder for " + format);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long w = reader.getWidth(0);
                long h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new InvalidImageException(InvalidImageException.Reason.UNDECODABLE,
                            format + " image has an invalid size " + w + "x" + h);
                }
                if (w * h > maxPixels) {
                    throw new InvalidImageException(InvalidImageException.Reason.TOO_LARGE,
                            format + " image of " + w + "x" + h + " = " + (w * h) + " pixels exceeds the limit of "
                                    + maxPixels + " pixels");
                }
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new InvalidImageException(InvalidImageException.Reason.UNDECODABLE,
                    "cannot decode " + format + " image: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        RgbImage rgb = toRgb(img);
        if (format.equals("jpeg")) {
            rgb = Orientation.apply(rgb, Orientation.exifOrientation(bytes));
        }
        return rgb;
    }

    /** The ImageIO format name for the content's magic bytes, or null. */
    static String sniff(byte[] b) {
        if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "png";
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return "jpeg";
        }
        if (b.length >= 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "gif";
        }
        if (b.length >= 26 && b[0] == 'B' && b[1] == 'M') {
            return "bmp";
        }
        return null;
    }

    private static String describeStart(byte[] b) {
        if (b.length == 0) {
            return " (it is empty)";
        }
        StringBuilder s = new StringBuilder(" (").append(b.length).append(" bytes starting ");
        for (int i = 0; i < Math.min(4, b.length); i++) {
            s.append(String.format("%02x", b[i] & 0xff));
        }
        return s.append(')').toString();
    }

    private static RgbImage toRgb(BufferedImage img) {
        // getRGB() would push grey levels through a linear-to-sRGB conversion and brighten them;
        // PIL and every Python pipeline keep the stored levels, so read grey samples directly.
        if (img.getColorModel() instanceof ComponentColorModel cm
                && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster r = img.getRaster();
            int w = img.getWidth();
            int h = img.getHeight();
            int bits = cm.getComponentSize(0);
            byte[] out = new byte[3 * w * h];
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                r.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    int v = bits > 8 ? row[x] >>> (bits - 8) : bits < 8 ? row[x] * 255 / ((1 << bits) - 1) : row[x];
                    int i = 3 * (y * w + x);
                    out[i] = out[i + 1] = out[i + 2] = (byte) v;
                }
            }
            return new RgbImage(w, h, out);
        }
        return RgbImage.of(img);
    }
}
