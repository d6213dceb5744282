package dev.xai4j.anatomy;

import dev.xai4j.Fixtures;
import dev.xai4j.explain.HeadFusion;
import dev.xai4j.explain.HeadSelection;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every anatomy figure decodes as a PNG of a plausible size. The standard set of one fixture image is
 * written to {@code target/anatomy/*.png} to be looked at (axes, labels, captions, no clipped text).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnatomyFiguresTest {

    private VisionModel model;
    private ViTAnatomy anatomy;

    @BeforeAll
    void load() {
        Fixtures.Case c = Fixtures.vitCases().get(0);
        model = VisionModel.load(c.model());
        anatomy = ViTAnatomy.of(model, new ImageDecoder().read(c.image()));
    }

    @AfterAll
    void close() {
        model.close();
    }

    static BufferedImage decode(byte[] png, String what) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(img, what + " is not a PNG");
            return img;
        } catch (IOException e) {
            throw new AssertionError(what + " does not decode", e);
        }
    }

    /** Decodes, checks the size lies within bounds, and checks the figure is not blank. */
    static BufferedImage check(byte[] png, String what, int minW, int minH) {
        BufferedImage img = decode(png, what);
        assertTrue(img.getWidth() >= minW && img.getWidth() <= 4000, what + " width " + img.getWidth());
        assertTrue(img.getHeight() >= minH && img.getHeight() <= 4000, what + " height " + img.getHeight());
        int first = img.getRGB(img.getWidth() / 2, img.getHeight() / 2);
        boolean varied = false;
        for (int y = 0; y < img.getHeight() && !varied; y += 7) {
            for (int x = 0; x < img.getWidth() && !varied; x += 7) {
                varied = img.getRGB(x, y) != first;
            }
        }
        assertTrue(varied, what + " is blank");
        return img;
    }

    @Test
    void standardSetIsWrittenToTargetAndEveryFigureDecodes() throws IOException {
        Map<String, byte[]> set = AnatomyFigures.standardSet(anatomy);
        assertEquals(14, set.size());
        Path dir = Path.of(System.getProperty("basedir", "."), "target", "anatomy");
        Files.createDirectories(dir);
        for (Map.Entry<String, byte[]> e : set.entrySet()) {
            check(e.getValue(), e.getKey(), 300, 200);
            Files.write(dir.resolve(e.getKey() + ".png"), e.getValue());
        }
        assertTrue(set.containsKey("heads-layer3") && set.containsKey("position-similarity-patch36"), set.keySet().toString());
    }

    @Test
    void gridsHaveOneTilePerHeadOrLayerPlusTheInput() {
        // 4 heads + input = 5 tiles in one row of 160-px tiles, 10 px apart
        BufferedImage heads = check(AnatomyFigures.headsGrid(anatomy, 0), "heads grid", 5 * 160 + 4 * 10, 160);
        BufferedImage layers = check(AnatomyFigures.layersGrid(anatomy, HeadFusion.MAX), "layers grid", 5 * 160 + 4 * 10, 160);
        assertEquals(heads.getHeight(), layers.getHeight());
        assertEquals(0xffffff, heads.getRGB(0, 0) & 0xffffff, "white background");
    }

    @Test
    void attentionMatrixOfAHeadAndOfFusedHeads() {
        // 65 tokens at 12 px a cell: the matrix alone is 780 px square
        BufferedImage m = check(AnatomyFigures.attentionMatrix(anatomy, 1, HeadSelection.head(2)), "matrix head", 780, 780);
        BufferedImage f = check(AnatomyFigures.attentionMatrix(anatomy, 1, HeadSelection.fused(HeadFusion.MIN)),
                "matrix min", 780, 780);
        assertEquals(m.getWidth(), f.getWidth());
        check(AnatomyFigures.attentionRowMap(anatomy, 1, HeadSelection.head(2), 10), "row map of patch 1,1", 300, 200);
    }

    @Test
    void positionAndClsFiguresForOtherChoices() {
        check(AnatomyFigures.positionSimilarity(anatomy, 0), "similarity to 0,0", 400, 400);
        BufferedImage pca = check(AnatomyFigures.positionPca(anatomy), "position PCA", 1000, 400);
        assertEquals(1240, pca.getWidth(), "two 620-px panels side by side");
        check(AnatomyFigures.clsPath(anatomy), "cls path", 600, 400);
        check(AnatomyFigures.clsNorms(anatomy), "cls norms", 600, 400);
    }

    @Test
    void figuresDifferWithTheirChoice() {
        assertNotEquals(java.util.Arrays.hashCode(AnatomyFigures.headsGrid(anatomy, 0)),
                java.util.Arrays.hashCode(AnatomyFigures.headsGrid(anatomy, 3)));
        assertNotEquals(java.util.Arrays.hashCode(AnatomyFigures.positionSimilarity(anatomy, 0)),
                java.util.Arrays.hashCode(AnatomyFigures.positionSimilarity(anatomy, 63)));
    }
}
