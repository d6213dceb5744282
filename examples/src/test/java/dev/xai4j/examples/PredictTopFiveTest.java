package dev.xai4j.examples;

import dev.xai4j.Fixtures;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PredictTopFiveTest {

    @Test
    void printsTheTopClassFirst() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = PredictTopFive.run(new String[]{Fixtures.model("vit-tiny-hf").toString(),
                Fixtures.image("vit-a.png").toString()}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(6, lines.length);
        // cases.json: vit-a's top class on this model is index 1, "square"
        assertTrue(lines[1].trim().startsWith("square"), lines[1]);
    }

    @Test
    void badImageGivesAClearErrorAndExitCode() throws Exception {
        Path notImage = Files.writeString(Files.createTempFile("x", ".png"), "hello");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PredictTopFive.run(new String[]{Fixtures.model("vit-tiny-hf").toString(), notImage.toString()},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not an image"), err.toString(StandardCharsets.UTF_8));
    }
}
