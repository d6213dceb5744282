package dev.xai4j.anatomy;

import dev.xai4j.explain.HeadFusion;
import dev.xai4j.explain.HeadSelection;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.ViTConfig;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A small random-weight DeiT-like ViT with a distillation token and two register tokens (4 prefix
 * tokens, a 4 × 4 grid: N = 20), so that prefix tokens are dropped where the definitions say and the
 * attention matrix carries its values as text. Quantities are checked against direct computations
 * from the model's own captures and parameters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrefixTokensAnatomyTest {

    private static final ViTConfig CONFIG = new ViTConfig(32, 8, 16, 6, 2, 32, 3, 1e-6, true, 2, false);

    private VisionModel model;
    private ViTAnatomy anatomy;

    @BeforeAll
    void load() {
        model = VisionModel.random(CONFIG, 7);
        byte[] rgb = new byte[3 * 32 * 32];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) (i * 37 % 251);
        }
        anatomy = ViTAnatomy.of(model, new RgbImage(32, 32, rgb));
    }

    @AfterAll
    void close() {
        model.close();
    }

    @Test
    void tokenNamesAndPrefixHandling() {
        AttentionMatrix m = anatomy.attentionMatrix(0, HeadSelection.head(1));
        assertEquals(20, m.size());
        assertEquals(List.of("CLS", "DIST", "REG0", "REG1", "0,0"), m.tokenNames().subList(0, 5));
        // the CLS map skips all four prefix keys
        assertEquals(m.get(0, 4 + 5), anatomy.clsAttention(0, 1).get(1, 1));
        // rows of one head sum to 1
        float[] row = m.row(7);
        double s = 0;
        for (float v : row) {
            s += v;
        }
        assertEquals(1, s, 1e-5);
    }

    @Test
    void positionSimilarityUsesThePatchRowsOfPosEmbed() {
        Tensor pos = model.parameter("pos_embed");
        assertEquals(20, pos.dim(1), "pos_embed covers the prefix tokens here");
        int d = pos.dim(2);
        // patches 2 and 9 are tokens 6 and 13
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int j = 0; j < d; j++) {
            double a = pos.data()[6 * d + j];
            double b = pos.data()[13 * d + j];
            dot += a * b;
            na += a * a;
            nb += b * b;
        }
        assertEquals(dot / Math.sqrt(na * nb), anatomy.positionSimilarity()[2][9], 1e-6);
        assertEquals(16, anatomy.positionPca().projection().size());
    }

    @Test
    void distanceThirdsOfSixLayers() {
        DistanceSummary s = anatomy.distanceSummary();
        double[][] d = anatomy.attentionDistance();
        assertEquals(2, s.thirdSize());
        assertEquals((d[0][0] + d[0][1] + d[1][0] + d[1][1]) / 4, s.shallowMean(), 1e-12);
        assertEquals((d[4][0] + d[4][1] + d[5][0] + d[5][1]) / 4, s.deepMean(), 1e-12);
        assertEquals("deep third (layers 4–5)", s.deepLabel());
        // the largest possible distance on a 4 × 4 grid of 8-px patches is 8·√18 px
        for (double[] r : d) {
            for (double v : r) {
                assertTrue(v > 0 && v < 8 * Math.sqrt(18), "distance " + v);
            }
        }
    }

    @Test
    void smallMatrixFiguresCarryTheirValues() throws IOException {
        byte[] matrix = AnatomyFigures.attentionMatrix(anatomy, 5, HeadSelection.fused(HeadFusion.MAX));
        // 20 tokens ≤ 20: 40-px cells at least, so the matrix alone is ≥ 800 px
        AnatomyFiguresTest.check(matrix, "matrix with values", 800, 800);
        Path dir = Path.of(System.getProperty("basedir", "."), "target", "anatomy");
        Files.createDirectories(dir);
        Files.write(dir.resolve("prefix-attention-matrix-layer5-max.png"), matrix);
        byte[] heads = AnatomyFigures.headsGrid(anatomy, 2);
        Files.write(dir.resolve("prefix-heads-layer2.png"), heads);
        byte[] layers = AnatomyFigures.layersGrid(anatomy, HeadFusion.MEAN);
        Files.write(dir.resolve("prefix-layers-mean.png"), layers);
        Files.write(dir.resolve("prefix-patch-grid.png"), AnatomyFigures.patchGrid(anatomy));
        Files.write(dir.resolve("prefix-distance-scatter.png"), AnatomyFigures.distanceScatter(anatomy));
        Files.write(dir.resolve("prefix-distance-bars.png"), AnatomyFigures.distanceBars(anatomy));
        // 6 layers + input = 7 tiles: 4 per row, 2 rows
        AnatomyFiguresTest.check(layers, "layers grid", 4 * 160, 2 * 160);
    }
}
