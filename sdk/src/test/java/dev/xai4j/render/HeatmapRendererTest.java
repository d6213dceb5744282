package dev.xai4j.render;

import dev.xai4j.Fixtures;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.Tensor;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeatmapRendererTest {

    private static RgbImage image(String name) {
        return new ImageDecoder().read(Fixtures.image(name));
    }

    private static Heatmap map(Fixtures.Case c, String tensor) {
        Tensor t = c.expected(tensor);
        return new Heatmap(t.data(), t.dim(0), t.dim(1));
    }

    private static Fixtures.Case vitCase() {
        return Fixtures.vitCases().get(0);
    }

    @Test
    void alphaZeroLeavesTheImageUnchanged() {
        RgbImage img = image("vit-a.png");
        RgbImage out = HeatmapRenderer.overlay(img, map(vitCase(), "cls_attention"), RenderOptions.DEFAULT.withAlpha(0));
        assertArrayEquals(img.rgb(), out.rgb());
    }

    @Test
    void alphaOneGivesTheColormapAlone() {
        RgbImage img = image("vit-a.png");
        Heatmap map = map(vitCase(), "cls_attention");
        for (Colormap cm : Colormap.values()) {
            RenderOptions o = RenderOptions.DEFAULT.withColormap(cm).withAlpha(1);
            RgbImage out = HeatmapRenderer.overlay(img, map, o);
            assertArrayEquals(HeatmapRenderer.colorize(map, img.height(), img.width(), o).rgb(), out.rgb(), cm.name());
        }
        // and the brightest cell gets the top colour: MAX normalisation reaches 1 at the map's argmax
        RgbImage colour = HeatmapRenderer.colorize(map, 8, 8, RenderOptions.DEFAULT.withColormap(Colormap.GREY));
        int[] at = map.argmax();
        assertEquals(255, colour.sample(at[1], at[0], 0));
    }

    @Test
    void allZeroMapGivesAUniformColormapZeroOverlay() {
        Fixtures.Case bottom = Fixtures.resnetCases().stream().filter(c -> c.targetKind().equals("bottom")).findFirst().orElseThrow();
        Heatmap zeros = map(bottom, "gradcam.layer4");
        RgbImage img = new ImageDecoder().read(bottom.image());
        for (Upsampling u : Upsampling.values()) {
            RenderOptions o = RenderOptions.DEFAULT.withUpsampling(u);
            RgbImage out = HeatmapRenderer.overlay(img, zeros, o);
            int c0 = Colormap.JET.rgb(0);
            for (int i = 0; i < img.rgb().length; i++) {
                int over = c0 >> (16 - 8 * (i % 3)) & 0xff;
                assertEquals(Math.round(0.5 * (img.rgb()[i] & 0xff) + 0.5 * over), out.rgb()[i] & 0xff, u + " byte " + i);
            }
            for (float v : Normalization.AUTO.apply(u.resize(zeros, img.height(), img.width())).values()) {
                assertTrue(v == 0, u + ": normalised value " + v);
            }
        }
    }

    @Test
    void signedMapsPutZeroAtTheMiddleOfTheScale() {
        Heatmap signed = new Heatmap(new float[]{-2, 0, 1}, 1, 3);
        RenderOptions o = new RenderOptions(Upsampling.NEAREST, Normalization.AUTO, Colormap.BLUE_WHITE_RED, 1);
        RgbImage out = HeatmapRenderer.colorize(signed, 1, 3, o);
        // AUTO → SYMMETRIC: −1, 0, ½ → blue, white, half-way from white to red
        assertArrayEquals(new byte[]{0, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 255, (byte) 255, (byte) 128, (byte) 128},
                out.rgb());
    }

    @Test
    void bicubicOvershootDoesNotMakeANonNegativeMapSigned() {
        // a lone peak rings below 0 under bicubic; AUTO is decided on the raw map, so zero stays at the bottom of the scale
        float[] v = new float[16];
        v[5] = 1;
        RenderOptions o = new RenderOptions(Upsampling.BICUBIC, Normalization.AUTO, Colormap.GREY, 1);
        RgbImage out = HeatmapRenderer.colorize(new Heatmap(v, 4, 4), 32, 32, o);
        assertEquals(0, out.sample(31, 31, 0));
    }

    @Test
    void invalidAlphaIsRejectedByName() {
        for (double a : new double[]{-0.01, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RenderOptions.DEFAULT.withAlpha(a));
            assertTrue(e.getMessage().contains("alpha"), e.getMessage());
        }
    }

    @Test
    void pngDecodesToTheSamePixels() throws IOException {
        RgbImage img = HeatmapRenderer.overlay(image("vit-b.png"), map(vitCase(), "chefer"));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(HeatmapRenderer.png(img)));
        assertNotNull(back);
        assertArrayEquals(img.rgb(), RgbImage.of(back).rgb());
    }

    @Test
    void signedMapsUseTheDivergingScaleByDefault() {
        Heatmap signed = new Heatmap(new float[]{-2f, 0f, 1f}, 1, 3);
        RgbImage c = HeatmapRenderer.colorize(signed, 1, 3, RenderOptions.DEFAULT.withUpsampling(Upsampling.NEAREST));
        org.junit.jupiter.api.Assertions.assertEquals(0x0000ff, rgbAt(c, 0), "most negative is blue");
        org.junit.jupiter.api.Assertions.assertEquals(0xffffff, rgbAt(c, 1), "zero is white");
        org.junit.jupiter.api.Assertions.assertEquals(0xff8080, rgbAt(c, 2), "half the largest magnitude is light red");
        Heatmap positive = new Heatmap(new float[]{0f, 1f}, 1, 2);
        RgbImage p = HeatmapRenderer.colorize(positive, 1, 2, RenderOptions.DEFAULT.withUpsampling(Upsampling.NEAREST));
        org.junit.jupiter.api.Assertions.assertEquals(Colormap.JET.rgb(1), rgbAt(p, 1), "non-negative maps keep JET");
    }

    private static int rgbAt(RgbImage img, int i) {
        return (img.rgb()[3 * i] & 0xff) << 16 | (img.rgb()[3 * i + 1] & 0xff) << 8 | (img.rgb()[3 * i + 2] & 0xff);
    }
}
