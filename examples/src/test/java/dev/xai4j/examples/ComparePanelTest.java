package dev.xai4j.examples;

import dev.xai4j.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparePanelTest {

    @TempDir
    Path tmp;

    @Test
    void writesAFiveTilePanelFromOnePassEachWay() throws Exception {
        Path png = tmp.resolve("panel.png");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ComparePanel.run(new String[]{Fixtures.model("vit-tiny-hf").toString(),
                Fixtures.image("vit-a.png").toString(), png.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("square"), text); // cases.json: vit-a's top class on this model
        assertTrue(text.contains("1 forward and 1 backward pass(es) for 4 methods"), text);
        BufferedImage panel = ImageIO.read(png.toFile());
        assertNotNull(panel);
        assertTrue(panel.getWidth() > 5 * panel.getHeight() / 2, "the original and four tiles side by side: " + panel.getWidth() + "x" + panel.getHeight());
    }

    @Test
    void aResNetGetsAClearErrorForTheViTMethods() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ComparePanel.run(new String[]{Fixtures.model("resnet-tiny-basic").toString(),
                Fixtures.image("resnet-a.png").toString(), tmp.resolve("x.png").toString()},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cls-attention"), err.toString(StandardCharsets.UTF_8));
    }
}
