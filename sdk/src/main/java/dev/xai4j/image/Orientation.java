package dev.xai4j.image;

/** EXIF orientation (tag 0x0112) of a JPEG, and the transform that stands the image upright. */
final class Orientation {

    private Orientation() {
    }

    /** The EXIF orientation 1–8 of a JPEG, or 1 when it has none or it cannot be read. */
    static int exifOrientation(byte[] jpeg) {
        int p = 2;
        while (p + 4 <= jpeg.length && (jpeg[p] & 0xff) == 0xFF) {
            int marker = jpeg[p + 1] & 0xff;
            if (marker == 0xDA || marker == 0xD9) {
                break; // start of scan: no metadata after this
            }
            int len = u16(jpeg, p + 2, false);
            if (len < 2) {
                break;
            }
            if (marker == 0xE1 && p + 10 <= jpeg.length && jpeg[p + 4] == 'E' && jpeg[p + 5] == 'x'
                    && jpeg[p + 6] == 'i' && jpeg[p + 7] == 'f') {
                int o = fromTiff(jpeg, p + 10, Math.min(jpeg.length, p + 2 + len));
                if (o >= 1 && o <= 8) {
                    return o;
                }
            }
            p += 2 + len;
        }
        return 1;
    }

    private static int fromTiff(byte[] b, int tiff, int end) {
        if (tiff + 8 > end) {
            return 1;
        }
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            little = true;
        } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            little = false;
        } else {
            return 1;
        }
        long ifd = tiff + u32(b, tiff + 4, little);
        if (ifd + 2 > end) {
            return 1;
        }
        int count = u16(b, (int) ifd, little);
        for (int i = 0; i < count; i++) {
            int e = (int) ifd + 2 + 12 * i;
            if (e + 12 > end) {
                return 1;
            }
            if (u16(b, e, little) == 0x0112) {
                return u16(b, e + 8, little);
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int i, boolean little) {
        int a = b[i] & 0xff;
        int c = b[i + 1] & 0xff;
        return little ? a | c << 8 : a << 8 | c;
    }

    private static long u32(byte[] b, int i, boolean little) {
        long hi = u16(b, little ? i + 2 : i, little);
        long lo = u16(b, little ? i : i + 2, little);
        return hi << 16 | lo;
    }

    /** Applies EXIF orientation {@code o} (1 = as stored). */
    static RgbImage apply(RgbImage img, int o) {
        if (o <= 1 || o > 8) {
            return img;
        }
        int w = img.width();
        int h = img.height();
        boolean swap = o >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        byte[] out = new byte[img.rgb().length];
        for (int y = 0; y < oh; y++) {
            for (int x = 0; x < ow; x++) {
                // (sx, sy): the stored pixel shown at (x, y) for each orientation
                int sx;
                int sy;
                switch (o) {
                    case 2 -> { sx = w - 1 - x; sy = y; }
                    case 3 -> { sx = w - 1 - x; sy = h - 1 - y; }
                    case 4 -> { sx = x; sy = h - 1 - y; }
                    case 5 -> { sx = y; sy = x; }
                    case 6 -> { sx = y; sy = h - 1 - x; }
                    case 7 -> { sx = w - 1 - y; sy = h - 1 - x; }
                    default -> { sx = w - 1 - y; sy = x; } // 8
                }
                System.arraycopy(img.rgb(), 3 * (sy * w + sx), out, 3 * (y * ow + x), 3);
            }
        }
        return new RgbImage(ow, oh, out);
    }
}
