package dev.xai4j.server;

import dev.xai4j.model.SafetensorsFile;
import dev.xai4j.model.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared reference fixtures (models, images, expected tensors) and test inputs made from them. */
public final class TestFixtures {

    private TestFixtures() {
    }

    /** The fixtures folder: system property {@code xai4j.fixtures} (set by the build), else {@code ../../shared/fixtures}. */
    public static Path root() {
        String p = System.getProperty("xai4j.fixtures");
        Path root = p != null ? Path.of(p) : Path.of("../../shared/fixtures");
        assertTrue(Files.isDirectory(root), "fixtures not found at " + root.toAbsolutePath());
        return root;
    }

    public static Path image(String name) {
        return root().resolve("images").resolve(name);
    }

    public static Path model(String name) {
        return root().resolve("models").resolve(name);
    }

    public static byte[] bytes(String image) {
        try {
            return Files.readAllBytes(image(image));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String base64(String image) {
        return Base64.getEncoder().encodeToString(bytes(image));
    }

    /** An expected tensor of a fixture case. */
    public static Tensor expected(String fixtureCase, String tensor) {
        try (SafetensorsFile f = SafetensorsFile.open(root().resolve("expected").resolve(fixtureCase + ".safetensors"))) {
            return f.read(tensor);
        }
    }

    /**
     * Asserts {@code |actual − expected| ≤ max(abs, rel · max|expected|)} element-wise.
     */
    public static void assertClose(float[] expected, float[] actual, double rel, double abs, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        double tol = Math.max(abs, rel * scale);
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            assertTrue(d <= tol, what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (|Δ| " + d
                    + " > tolerance " + tol + ")");
        }
    }

    /**
     * A valid PNG header claiming {@code width × height} pixels with a 1-pixel body: the decoder must
     * refuse it from the header, before decoding anything.
     */
    public static byte[] pngClaiming(int width, int height) {
        BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(one, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] png = out.toByteArray();
        // IHDR: length at 8, type at 12, width at 16, height at 20, ..., CRC over type+data at 29
        ByteBuffer b = ByteBuffer.wrap(png);
        b.putInt(16, width);
        b.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    /** A PNG cut short: the signature and header say PNG, the data ends early. */
    public static byte[] truncatedPng() {
        byte[] full = bytes("vit-a.png");
        byte[] cut = new byte[Math.min(full.length, 120)];
        System.arraycopy(full, 0, cut, 0, cut.length);
        return cut;
    }

    /** As float[] a JSON list of numbers. */
    public static float[] floats(java.util.List<? extends Number> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
