package dev.xai4j.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xai4j.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code xai anatomy}, run as {@link CliTest} runs commands: in a child JVM when a model loads,
 * in-process when the command stops before.
 */
class AnatomyCliTest {

    @TempDir
    Path tmp;

    private static float[] floats(JsonNode array) {
        List<Float> out = new ArrayList<>();
        for (JsonNode v : array) {
            if (v.isArray()) {
                v.forEach(x -> out.add((float) x.asDouble()));
            } else {
                out.add((float) v.asDouble());
            }
        }
        return Fixtures.floats(out);
    }

    @Test
    void anatomyWritesTheFiguresAndTheDataOfTheFixtureViT() throws Exception {
        Path out = tmp.resolve("anatomy");
        CliTest.Run r = CliTest.xai("anatomy", "--model", "vit-tiny", Fixtures.image("vit-a.png").toString(),
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        CliTest.assertNoStackTrace(r);
        assertTrue(r.out().contains("14 figures"), r.out());

        JsonNode json = CliTest.JSON.readTree(out.resolve("anatomy.json").toFile());
        assertEquals(4, json.get("layers").asInt());
        assertEquals("square", json.get("prediction").get(0).get("label").asText());
        assertEquals(3, json.get("selection").get("layer").asInt());
        Fixtures.assertClose(Fixtures.expected(CliTest.VIT_CASE, "attention_distance").data(),
                floats(json.get("attentionDistance").get("perHead")), 1e-4, 1e-4, "attention_distance");
        Fixtures.assertClose(Fixtures.expected(CliTest.VIT_CASE, "cls_norms").data(),
                floats(json.get("cls").get("norms")), 1e-4, 1e-4, "cls_norms");
        Fixtures.assertClose(Fixtures.expected(CliTest.VIT_CASE, "cls_attention").data(),
                floats(json.get("attentionRow").get("values")), 1e-4, 1e-4, "cls_attention");

        // every figure is a PNG beside the JSON, which names it
        JsonNode figures = json.get("figures");
        assertEquals(14, figures.size());
        for (var f : figures.properties()) {
            assertEquals(f.getKey() + ".png", f.getValue().asText());
            BufferedImage img = ImageIO.read(out.resolve(f.getValue().asText()).toFile());
            assertNotNull(img, f.getKey());
        }
        assertTrue(Files.exists(out.resolve("position-similarity-patch36.png")));
    }

    @Test
    void aResNetIsAUsageErrorWithExitCode2() throws Exception {
        CliTest.Run r = CliTest.xai("anatomy", "--model", Fixtures.model("resnet-tiny-basic").toString(),
                Fixtures.image("resnet-a.png").toString(), "--out", tmp.toString());
        assertEquals(2, r.exit(), r.err());
        CliTest.assertNoStackTrace(r);
        assertEquals("xai anatomy: anatomy views need global self-attention over tokens; model resnet-tiny-basic (ResNet) has none", r.err().strip());
        assertTrue(Files.notExists(tmp.resolve("anatomy.json")));
    }

    @Test
    void badArgumentsFailInOneLineBeforeTheModelLoads() {
        CliTest.Run head = CliTest.xaiHere("anatomy", "--head", "median", Fixtures.image("vit-a.png").toString(),
                "--out", tmp.toString());
        assertEquals(2, head.exit(), head.err());
        assertEquals(1, head.err().strip().lines().count(), head.err());
        assertTrue(head.err().startsWith("xai anatomy: parameter 'head' = 'median'"), head.err());

        CliTest.Run missing = CliTest.xaiHere("anatomy", "no-such.png", "--out", tmp.toString());
        assertEquals(1, missing.exit());
        assertEquals("xai anatomy: no such file or folder: no-such.png", missing.err().strip());

        CliTest.Run folder = CliTest.xaiHere("anatomy", tmp.toString(), "--out", tmp.toString());
        assertEquals(1, folder.exit());
        assertTrue(folder.err().contains("is a folder"), folder.err());

        CliTest.Run usage = CliTest.xaiHere("anatomy", Fixtures.image("vit-a.png").toString());
        assertEquals(2, usage.exit());
        assertTrue(usage.err().contains("Missing required option: '--out=<dir>'"), usage.err());
    }
}
