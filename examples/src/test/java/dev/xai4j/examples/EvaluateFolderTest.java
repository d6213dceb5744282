package dev.xai4j.examples;

import dev.xai4j.data.SceneGenerator;
import dev.xai4j.eval.ProgressListener;
import dev.xai4j.eval.SceneFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluateFolderTest {

    /** The default ResNet the server embeds, trained on the generated scenes (their labels are its classes). */
    static Path shapesModel() {
        return Path.of(System.getProperty("xai4j.default-models", "../server/src/main/resources/xai4j/models"))
                .resolve("resnet-shapes");
    }

    @TempDir
    Path tmp;

    @Test
    void scoresAFolderOfScenesIntoOneCsvRowPerMethod() throws Exception {
        Path scenes = tmp.resolve("scenes");
        SceneFolder.write(scenes, new SceneGenerator(7), 3, ProgressListener.NONE); // as `xai scenes -n 3 -o scenes`
        Path csv = tmp.resolve("metrics.csv");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = EvaluateFolder.run(new String[]{shapesModel().toString(), scenes.toString(), csv.toString(), "grad-cam,cam"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code, out.toString(StandardCharsets.UTF_8));
        List<String> lines = Files.readAllLines(csv);
        assertEquals(4, lines.size(), String.join("\n", lines)); // header, grad-cam, cam, random baseline
        assertTrue(lines.get(0).startsWith("model,method,baseline,accuracy"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.contains(",grad-cam,false,")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains(",random,true,")), String.join("\n", lines));
    }

    @Test
    void anUnknownLabelNamesTheFileAndLine() throws Exception {
        Path scenes = tmp.resolve("scenes");
        SceneFolder.write(scenes, new SceneGenerator(7), 1, ProgressListener.NONE);
        Files.writeString(scenes.resolve(SceneFolder.LABELS), "name,label\nscene-00000,tabby cat\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = EvaluateFolder.run(new String[]{shapesModel().toString(), scenes.toString(), tmp.resolve("m.csv").toString()},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("labels.csv line 2"), err.toString(StandardCharsets.UTF_8));
    }
}
