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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PanelTest {

    private static Heatmap map(Fixtures.Case c, String tensor) {
        Tensor t = c.expected(tensor);
        return new Heatmap(t.data(), t.dim(0), t.dim(1));
    }

    @Test
    void widthIsOneTilePerMapPlusTheInputAndGaps() throws IOException {
        Fixtures.Case c = Fixtures.vitCases().get(0);
        RgbImage img = new ImageDecoder().read(c.image());
        List<Panel.Tile> tiles = List.of(new Panel.Tile("cls-attention", map(c, "cls_attention")),
                new Panel.Tile("chefer", "3 ms", map(c, "chefer")));
        byte[] png = Panel.png(img, tiles, RenderOptions.DEFAULT);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(decoded, "not a PNG");
        // 64×64 input → 224×224 tiles
        assertEquals(3 * 224 + 4 * Panel.GAP, decoded.getWidth());
        assertTrue(decoded.getHeight() > 224 + 2 * Panel.GAP, "room for captions: " + decoded.getHeight());
        assertEquals(0xffffff, decoded.getRGB(0, 0) & 0xffffff, "white background");

        // a 100×50 input at 40 px high → 80-px-wide tiles; no maps → the input alone
        BufferedImage wide = Panel.render(new RgbImage(100, 50, new byte[3 * 100 * 50]), List.of(), RenderOptions.DEFAULT, 40);
        assertEquals(80 + 2 * Panel.GAP, wide.getWidth());
    }

    @Test
    void tileHeightOutsideItsRangeIsRejectedByName() {
        RgbImage img = new RgbImage(4, 4, new byte[48]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Panel.render(img, List.of(), RenderOptions.DEFAULT, 2));
        assertTrue(e.getMessage().contains("tileHeight"), e.getMessage());
    }

    /** Writes target/panel-example.png, to be looked at: captions readable, overlays where the maps peak. */
    @Test
    void rendersAnExamplePanelOfTheFixtures() throws IOException {
        Fixtures.Case c = Fixtures.vitCases().get(0);
        RgbImage img = new ImageDecoder().read(c.image());
        List<Panel.Tile> tiles = List.of(
                new Panel.Tile("cls-attention · layer 3", "8×8 tokens", map(c, "cls_attention")),
                new Panel.Tile("rollout · mean", "discard 0 %", map(c, "rollout.mean.discard0")),
                new Panel.Tile("chefer", "12 ms", map(c, "chefer")),
                new Panel.Tile("grad-cam", "last block", map(c, "gradcam")),
                new Panel.Tile("attnlrp · pixels (signed, a very long caption that must be cut)", "symmetric",
                        map(c, "attnlrp.pixels")));
        byte[] png = Panel.png(img, tiles, RenderOptions.DEFAULT);
        Path out = Path.of(System.getProperty("basedir", "."), "target", "panel-example.png");
        Files.createDirectories(out.getParent());
        Files.write(out, png);
        assertEquals(6 * 224 + 7 * Panel.GAP, ImageIO.read(out.toFile()).getWidth());
    }
}
