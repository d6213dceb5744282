package dev.xai4j.server.service;

import dev.xai4j.image.RgbImage;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Shrinks images for overlays: a 40-megapixel upload should not come back as a 40-megapixel PNG. */
public final class Thumbnails {

    private Thumbnails() {
    }

    /** The image scaled so that its longer side is at most {@code maxSide} (never enlarged). */
    public static RgbImage fit(RgbImage image, int maxSide) {
        int longer = Math.max(image.width(), image.height());
        if (longer <= maxSide) {
            return image;
        }
        double s = (double) maxSide / longer;
        int w = Math.max(1, (int) Math.round(image.width() * s));
        int h = Math.max(1, (int) Math.round(image.height() * s));
        BufferedImage cur = image.toBufferedImage();
        // Halving steps first: one bilinear step reads only 2×2 source pixels and would alias.
        while (cur.getWidth() / 2 >= w && cur.getHeight() / 2 >= h) {
            cur = draw(cur, cur.getWidth() / 2, cur.getHeight() / 2);
        }
        if (cur.getWidth() != w || cur.getHeight() != h) {
            cur = draw(cur, w, h);
        }
        return RgbImage.of(cur);
    }

    private static BufferedImage draw(BufferedImage img, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
