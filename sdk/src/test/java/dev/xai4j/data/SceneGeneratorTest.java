package dev.xai4j.data;

import dev.xai4j.render.HeatmapRenderer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SceneGeneratorTest {

    @Test
    void isDeterministicPerSeedAndIndex() {
        SceneGenerator a = new SceneGenerator(42);
        SceneGenerator b = new SceneGenerator(42);
        assertEquals(a.scene(17).objects().get(0).mask(), b.scene(17).objects().get(0).mask());
        assertEquals(java.util.Arrays.hashCode(a.scene(17).image().rgb()), java.util.Arrays.hashCode(b.scene(17).image().rgb()));
        assertNotEquals(java.util.Arrays.hashCode(a.scene(17).image().rgb()),
                java.util.Arrays.hashCode(new SceneGenerator(43).scene(17).image().rgb()));
    }

    @Test
    void everyClassAppearsWithAPlausibleMask() {
        SceneGenerator g = new SceneGenerator(1);
        Set<Shape> seen = EnumSet.noneOf(Shape.class);
        for (int i = 0; i < 60; i++) {
            Scene s = g.scene(i);
            assertEquals(224, s.image().width());
            assertEquals(1, s.objects().size());
            int area = s.objects().get(0).mask().area();
            assertTrue(area > 300 && area < 224 * 224 / 3, "object area " + area);
            seen.add(s.objects().get(0).shape());
        }
        assertEquals(EnumSet.allOf(Shape.class), seen);
    }

    @Test
    void twoObjectScenesHaveDifferentClassesAndDisjointMasks() {
        SceneGenerator g = new SceneGenerator(5);
        for (int i = 0; i < 30; i++) {
            Scene s = g.twoObjectScene(i);
            assertEquals(2, s.objects().size());
            assertNotEquals(s.objects().get(0).shape(), s.objects().get(1).shape());
            boolean[] a = s.objects().get(0).mask().pixels();
            boolean[] b = s.objects().get(1).mask().pixels();
            for (int p = 0; p < a.length; p++) {
                assertTrue(!(a[p] && b[p]), "masks overlap in scene " + i);
            }
        }
    }

    @Test
    void writesASampleSheetForReview() throws IOException {
        SceneGenerator g = new SceneGenerator(7);
        Path dir = Files.createDirectories(Path.of("target"));
        for (int i = 0; i < 3; i++) {
            Files.write(dir.resolve("scene-" + i + ".png"), HeatmapRenderer.png(g.scene(i).image()));
        }
        Files.write(dir.resolve("scene-two.png"), HeatmapRenderer.png(g.twoObjectScene(0).image()));
        assertTrue(Files.size(dir.resolve("scene-0.png")) > 1000);
    }
}
