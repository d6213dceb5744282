package dev.xai4j.eval;

import dev.xai4j.data.Scene;
import dev.xai4j.data.SceneGenerator;
import dev.xai4j.data.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The folder format round-trips generated scenes and refuses malformed folders. */
class SceneFolderTest {

    @Test
    void writtenScenesReadBackExactly(@TempDir Path dir) throws IOException {
        SceneGenerator g = new SceneGenerator(3, 48);
        List<int[]> progress = new ArrayList<>();
        List<String> names = SceneFolder.write(dir, g, 4, (done, total) -> progress.add(new int[]{done, total}));
        assertEquals(List.of("scene-00000", "scene-00001", "scene-00002", "scene-00003"), names);
        assertArrayEquals(new int[]{4, 4}, progress.get(progress.size() - 1));
        assertTrue(Files.readString(dir.resolve("labels.csv")).startsWith("name,label\n"));

        EvaluationSet set = SceneFolder.read(dir, Shape.labels());
        assertEquals(4, set.size());
        for (int i = 0; i < 4; i++) {
            Scene s = g.scene(i);
            Sample read = set.get(i);
            assertEquals(names.get(i), read.name());
            assertEquals(s.label(), read.label());
            assertEquals(s.objects().get(0).mask(), read.objects().get(0).mask());
            assertArrayEquals(s.image().rgb(), read.image().rgb(), "PNG is lossless");
        }
    }

    @Test
    void labelsAreNamesIgnoringCaseOrIndices(@TempDir Path dir) throws IOException {
        SceneFolder.write(dir, new SceneGenerator(1, 32), 3, ProgressListener.NONE);
        Files.writeString(dir.resolve("labels.csv"), "name,label\nscene-00000,STAR\nscene-00001,2\n\nscene-00002,ring\n");
        EvaluationSet set = SceneFolder.read(dir, Shape.labels());
        assertEquals(List.of(3, 2, 5), List.of(set.get(0).label(), set.get(1).label(), set.get(2).label()));
    }

    @Test
    void malformedFoldersAreRefusedWithTheLine(@TempDir Path dir) throws IOException {
        SceneFolder.write(dir, new SceneGenerator(1, 32), 1, ProgressListener.NONE);
        Files.writeString(dir.resolve("labels.csv"), "name,label\nscene-00000,hexagon\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SceneFolder.read(dir, Shape.labels()));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("hexagon"), e.getMessage());
        Files.writeString(dir.resolve("labels.csv"), "../scene-00000,disc\n");
        assertThrows(IllegalArgumentException.class, () -> SceneFolder.read(dir, Shape.labels()));
        Files.writeString(dir.resolve("labels.csv"), "missing,disc\n");
        assertThrows(IllegalArgumentException.class, () -> SceneFolder.read(dir, Shape.labels()));
        Files.writeString(dir.resolve("labels.csv"), "scene-00000,6\n");
        assertThrows(IllegalArgumentException.class, () -> SceneFolder.read(dir, Shape.labels()), "index out of range");
        Files.writeString(dir.resolve("labels.csv"), "name,label\n");
        assertThrows(IllegalArgumentException.class, () -> SceneFolder.read(dir, Shape.labels()), "no images");
    }
}
