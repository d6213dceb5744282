package dev.xai4j.examples;

import dev.xai4j.Fixtures;
import dev.xai4j.explain.ExplainerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CustomExplainerDemoTest {

    @TempDir
    Path tmp;

    @Test
    void theServiceFileRegistersThePlugIn() {
        assertInstanceOf(GradientGridExplainer.class, ExplainerRegistry.load().get(GradientGridExplainer.ID));
    }

    @Test
    void runsThePlugInBesideABuiltInOnOneBackwardPass() throws Exception {
        Path png = tmp.resolve("custom.png");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = CustomExplainerDemo.run(new String[]{Fixtures.model("vit-tiny-hf").toString(),
                Fixtures.image("vit-a.png").toString(), png.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        // the fixture ViT takes 64 x 64 pixels: cells of 8 give an 8 x 8 map
        assertTrue(text.contains("gradient-grid: ") && text.contains("a 8 x 8 map from {cell=8}"), text);
        assertTrue(text.contains("1 backward pass(es) for both methods"), text);
        assertNotNull(ImageIO.read(png.toFile()));
    }
}
