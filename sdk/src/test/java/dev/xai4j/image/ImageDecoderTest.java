package dev.xai4j.image;

import dev.xai4j.Fixtures;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, format, out)) {
            throw new IOException("no writer for " + format);
        }
        return out.toByteArray();
    }

    /** A 4×2 image: left half red, right half blue (large flat areas survive JPEG). */
    static BufferedImage redBlue(int type) {
        BufferedImage img = new BufferedImage(16, 8, type);
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 16; x++) {
                img.setRGB(x, y, x < 8 ? 0xFF0000 : 0x0000FF);
            }
        }
        return img;
    }

    @Test
    void decodesFixturePngAsRgb() {
        RgbImage img = decoder.read(Fixtures.image("vit-a.png"));
        assertEquals(64, img.width());
        assertEquals(64, img.height());
    }

    @Test
    void decodesPngJpegBmpAndFirstGifFrame() throws IOException {
        for (String format : new String[]{"png", "bmp", "gif", "jpeg"}) {
            RgbImage img = decoder.decode(encode(redBlue(BufferedImage.TYPE_INT_RGB), format));
            assertEquals(16, img.width(), format);
            assertTrue(img.sample(2, 2, 0) > 200 && img.sample(2, 2, 2) < 60, format + " left is red");
            assertTrue(img.sample(13, 5, 2) > 200 && img.sample(13, 5, 0) < 60, format + " right is blue");
        }
    }

    @Test
    void greyKeepsItsLevelsAndAlphaIsDropped() throws IOException {
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 10);
        grey.getRaster().setSample(1, 0, 0, 128);
        grey.getRaster().setSample(2, 0, 0, 250);
        RgbImage g = decoder.decode(encode(grey, "png"));
        assertEquals(10, g.sample(0, 0, 0));
        assertEquals(128, g.sample(1, 0, 1));
        assertEquals(250, g.sample(2, 0, 2));

        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x40_20_80_C0);
        RgbImage a = decoder.decode(encode(argb, "png"));
        assertEquals(0x20, a.sample(0, 0, 0));
        assertEquals(0x80, a.sample(0, 0, 1));
        assertEquals(0xC0, a.sample(0, 0, 2));
    }

    @Test
    void appliesExifOrientation() throws IOException {
        byte[] jpeg = encode(redBlue(BufferedImage.TYPE_INT_RGB), "jpeg");
        // Orientation 6: the stored image must be turned 90° clockwise; red (left) ends on top.
        RgbImage img = decoder.decode(withExifOrientation(jpeg, 6));
        assertEquals(8, img.width());
        assertEquals(16, img.height());
        assertTrue(img.sample(4, 2, 0) > 200, "red on top");
        assertTrue(img.sample(4, 13, 2) > 200, "blue at the bottom");
        RgbImage flipped = decoder.decode(withExifOrientation(jpeg, 3));
        assertEquals(16, flipped.width());
        assertTrue(flipped.sample(2, 2, 2) > 200, "turned 180°: blue on the left");
    }

    /** Inserts an APP1 Exif segment with one IFD0 entry, Orientation = o, right after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int o) {
        ByteBuffer tiff = ByteBuffer.allocate(26);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8); // big-endian header, IFD at 8
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) o).putShort((short) 0);
        tiff.putInt(0); // no next IFD
        byte[] exif = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
        int len = 2 + exif.length + tiff.capacity();
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + len);
        out.put(jpeg, 0, 2).put((byte) 0xFF).put((byte) 0xE1).putShort((short) len).put(exif).put(tiff.array());
        out.put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    @Test
    void refusesNonImagesByContent() {
        InvalidImageException e = assertThrows(InvalidImageException.class,
                () -> decoder.decode("%PDF-1.7 not an image".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(InvalidImageException.Reason.NOT_AN_IMAGE, e.reason());
        assertTrue(e.getMessage().contains("not PNG, JPEG, BMP or GIF"), e.getMessage());
        assertEquals(InvalidImageException.Reason.NOT_AN_IMAGE,
                assertThrows(InvalidImageException.class, () -> decoder.decode(new byte[0])).reason());
    }

    /** A 96×64 image of noise and gradients: enough entropy-coded data that half of it is a real cut. */
    static BufferedImage busy() {
        BufferedImage img = new BufferedImage(96, 64, BufferedImage.TYPE_INT_RGB);
        java.util.Random r = new java.util.Random(7);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 96; x++) {
                img.setRGB(x, y, (x * 2) << 16 | (y * 3) << 8 | r.nextInt(256));
            }
        }
        return img;
    }

    @Test
    void refusesTruncatedImagesOfEveryFormat() throws IOException {
        for (String format : new String[]{"png", "jpeg", "gif", "bmp"}) {
            BufferedImage src = busy();
            if (format.equals("gif")) {
                BufferedImage indexed = new BufferedImage(96, 64, BufferedImage.TYPE_BYTE_INDEXED);
                indexed.getGraphics().drawImage(src, 0, 0, null);
                src = indexed;
            }
            byte[] full = encode(src, format);
            assertEquals(96, decoder.decode(full).width(), format + " whole");
            for (double share : new double[]{0.5, 0.9}) {
                byte[] cut = Arrays.copyOf(full, (int) (full.length * share));
                InvalidImageException e = assertThrows(InvalidImageException.class, () -> decoder.decode(cut),
                        format + " cut to " + share);
                assertEquals(InvalidImageException.Reason.TRUNCATED, e.reason(), format + ": " + e.getMessage());
                assertTrue(e.getMessage().startsWith("truncated " + format.toUpperCase() + " image"), e.getMessage());
            }
        }
    }

    @Test
    void aJpegWithoutItsEndMarkerIsTruncatedNotGrey() throws IOException {
        // ImageIO decodes the first half of a JPEG without an exception and greys out the rest
        byte[] jpeg = encode(busy(), "jpeg");
        byte[] noEoi = Arrays.copyOf(jpeg, jpeg.length - 2);
        assertEquals(InvalidImageException.Reason.TRUNCATED,
                assertThrows(InvalidImageException.class, () -> decoder.decode(noEoi)).reason());
    }

    @Test
    void aPngWithoutIendIsTruncated() throws IOException {
        byte[] png = encode(redBlue(BufferedImage.TYPE_INT_RGB), "png");
        byte[] noIend = Arrays.copyOf(png, png.length - 12); // the IEND chunk is the last 12 bytes
        assertTrue(ImageDecoder.reachesPngEnd(png));
        assertTrue(!ImageDecoder.reachesPngEnd(noIend));
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> decoder.decode(noIend));
        assertEquals(InvalidImageException.Reason.TRUNCATED, e.reason());
        // bytes after IEND are ignored, as every decoder does
        byte[] trailing = Arrays.copyOf(png, png.length + 5);
        assertEquals(16, decoder.decode(trailing).width());
    }

    @Test
    void namesOtherImageFormatsAsUnsupported() {
        java.util.Map<String, byte[]> samples = new java.util.LinkedHashMap<>();
        samples.put("WebP", "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1));
        samples.put("TIFF", "II*\0\10\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
        samples.put("AVIF", "\0\0\0\34ftypavif".getBytes(StandardCharsets.ISO_8859_1));
        samples.put("HEIF", "\0\0\0\30ftypheic".getBytes(StandardCharsets.ISO_8859_1));
        samples.put("SVG", "  <svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.ISO_8859_1));
        samples.forEach((name, bytes) -> {
            InvalidImageException e = assertThrows(InvalidImageException.class, () -> decoder.decode(bytes));
            assertEquals(InvalidImageException.Reason.UNSUPPORTED_FORMAT, e.reason(), name);
            assertEquals("unsupported image format " + name + ": the supported formats are PNG, JPEG, BMP and GIF",
                    e.getMessage());
        });
    }

    @Test
    void refusesTooManyPixelsBeforeDecoding() {
        // A PNG header announcing 100000 × 100000 pixels followed by no image data at all: the limit
        // must trigger from the header alone (decoding would fail differently, or exhaust memory).
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        ByteBuffer png = ByteBuffer.allocate(8 + 25);
        png.put(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII)).put(ihdr.array());
        CRC32 crc = new CRC32();
        crc.update("IHDR".getBytes(StandardCharsets.US_ASCII));
        crc.update(ihdr.array());
        png.putInt((int) crc.getValue());
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> decoder.decode(png.array()));
        assertEquals(InvalidImageException.Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());

        InvalidImageException small = assertThrows(InvalidImageException.class,
                () -> new ImageDecoder(1000).read(Fixtures.image("vit-a.png")));
        assertEquals(InvalidImageException.Reason.TOO_LARGE, small.reason());
    }
}
