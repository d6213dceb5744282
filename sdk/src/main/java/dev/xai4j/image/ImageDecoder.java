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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Decodes PNG, JPEG, BMP and GIF (first frame) into {@link RgbImage}s.
 *
 * <p>The format is judged from the content's magic bytes, never from a file name; other image formats
 * (WebP, TIFF, HEIF/AVIF, JPEG 2000, …) are named and refused. Width and height are read from the
 * header first, and images with more than {@link #maxPixels()} pixels are refused before any pixel is
 * decoded. A truncated image is refused rather than decoded in part: a PNG must reach its {@code IEND}
 * chunk, and a JPEG its end marker (ImageIO would otherwise fill the missing part with grey and only
 * warn). Grey images keep their stored levels (no colour-space conversion), alpha is dropped, and a
 * JPEG's EXIF orientation is applied so the image stands as it was shot.
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
            String other = sniffUnsupported(bytes);
            if (other != null) {
                throw new InvalidImageException(InvalidImageException.Reason.UNSUPPORTED_FORMAT,
                        "unsupported image format " + other + ": the supported formats are PNG, JPEG, BMP and GIF");
            }
            throw new InvalidImageException(InvalidImageException.Reason.NOT_AN_IMAGE,
                    "not an image: the content is not PNG, JPEG, BMP or GIF" + describeStart(bytes));
        }
        List<String> warnings = new ArrayList<>();
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
                if (format.equals("png") && !reachesPngEnd(bytes)) {
                    throw truncated(format, null);
                }
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (endsEarly(e) || (format.equals("gif") && (bytes[bytes.length - 1] & 0xff) != GIF_TRAILER)) {
                throw truncated(format, e);
            }
            throw new InvalidImageException(InvalidImageException.Reason.UNDECODABLE,
                    "cannot decode " + format + " image: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        for (String w : warnings) {
            // the JPEG reader decodes what there is, fills the rest with grey and reports it only as a warning
            String lower = w.toLowerCase(java.util.Locale.ROOT);
            if (lower.contains("missing eoi") || lower.contains("premature end")) {
                throw truncated(format, null);
            }
        }
        RgbImage rgb = toRgb(img);
        if (format.equals("jpeg")) {
            rgb = Orientation.apply(rgb, Orientation.exifOrientation(bytes));
        }
        return rgb;
    }

    private static final int GIF_TRAILER = 0x3B;

    private static InvalidImageException truncated(String format, Throwable cause) {
        return new InvalidImageException(InvalidImageException.Reason.TRUNCATED, "truncated " + format.toUpperCase(
                java.util.Locale.ROOT) + " image: the data ends before the image does (an incomplete upload or copy?)", cause);
    }

    /** Whether a decoder failure is the input running out. */
    private static boolean endsEarly(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.EOFException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a PNG's chunks run whole from the signature to {@code IEND} (what follows IEND is
     * ignored). Chunk lengths are read, data is not: a length that runs past the end means truncation.
     */
    static boolean reachesPngEnd(byte[] b) {
        long at = 8;
        while (at + 8 <= b.length) {
            long length = ((b[(int) at] & 0xffL) << 24) | ((b[(int) at + 1] & 0xff) << 16) | ((b[(int) at + 2] & 0xff) << 8)
                    | (b[(int) at + 3] & 0xff);
            boolean iend = b[(int) at + 4] == 'I' && b[(int) at + 5] == 'E' && b[(int) at + 6] == 'N' && b[(int) at + 7] == 'D';
            at += 12 + length; // length, type, data, CRC
            if (at > b.length) {
                return false;
            }
            if (iend) {
                return true;
            }
        }
        return false;
    }

    /** The name of an image format that is recognised but not decoded, or null. */
    static String sniffUnsupported(byte[] b) {
        if (startsWith(b, 0, "RIFF") && startsWith(b, 8, "WEBP")) {
            return "WebP";
        }
        if (startsWith(b, 0, "II*\0") || startsWith(b, 0, "MM\0*")) {
            return "TIFF";
        }
        if (startsWith(b, 4, "ftyp") && b.length >= 12) {
            String brand = new String(b, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (brand.startsWith("avi")) {
                return "AVIF";
            }
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
                return "HEIF";
            }
        }
        if (startsWith(b, 0, "\0\0\0\fjP  ") || (b.length >= 4 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0x4F
                && (b[2] & 0xff) == 0xFF && (b[3] & 0xff) == 0x51)) {
            return "JPEG 2000";
        }
        if (startsWith(b, 0, "\0\0\0\fJXL ") || (b.length >= 2 && (b[0] & 0xff) == 0xFF && b[1] == 0x0A)) {
            return "JPEG XL";
        }
        if (startsWith(b, 0, "8BPS")) {
            return "PSD";
        }
        if (startsWith(b, 0, "\0\0\1\0") && b.length >= 6 && b[4] != 0) {
            return "ICO";
        }
        if (startsWith(b, 0, "qoif")) {
            return "QOI";
        }
        String head = new String(b, 0, Math.min(b.length, 256), java.nio.charset.StandardCharsets.ISO_8859_1).stripLeading();
        if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.contains("<svg"))) {
            return "SVG";
        }
        return null;
    }

    private static boolean startsWith(byte[] b, int offset, String ascii) {
        if (b.length < offset + ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[offset + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
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
