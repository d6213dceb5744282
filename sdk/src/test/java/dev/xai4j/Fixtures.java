package dev.xai4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The reference fixtures (the repository's {@code fixtures/}: checkpoints, images, expected tensors
 * computed with PyTorch), test inputs made from them and the comparisons tests make with them. The
 * SDK's tests and, through the SDK's test jar, the server's and the examples' use this one class.
 */
public final class Fixtures {

    /** System property naming another fixtures folder (the repository's is used otherwise). */
    public static final String PROPERTY = "xai4j.fixtures";

    /** One entry of {@code cases.json}. */
    public record Case(String name, Path model, Path image, int target, String targetKind, double layerNormEps) {
        public boolean isVit() {
            return model.getFileName().toString().startsWith("vit");
        }

        /** Reads an expected tensor of this case. */
        public Tensor expected(String tensor) {
            return Fixtures.expected(name, tensor);
        }

        public boolean hasExpected(String tensor) {
            try (SafetensorsFile f = SafetensorsFile.open(expectedFile(name))) {
                return f.contains(tensor);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One entry of {@code architectures.json}. */
    public record ArchitectureCase(String name, Path model, String format, Path image, int imageSize, int target,
                                   String targetKind, Path expectedFile) {
        /** Reads an expected tensor of this case. */
        public Tensor expected(String tensor) {
            try (SafetensorsFile f = SafetensorsFile.open(expectedFile)) {
                return f.read(tensor);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private Fixtures() {
    }

    /**
     * The fixtures folder: the system property {@value #PROPERTY} if set, else the repository's
     * {@code fixtures/} ({@link #inRepository()}).
     */
    public static Path root() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            return inRepository();
        }
        Path root = Path.of(p);
        if (!Files.isRegularFile(root.resolve("cases.json"))) {
            throw new IllegalStateException("-D" + PROPERTY + "=" + p + " is not a fixtures folder (no cases.json in "
                    + root.toAbsolutePath() + ")");
        }
        return root;
    }

    /**
     * The repository's own {@code fixtures/}: the nearest folder of that name holding
     * {@code PROVENANCE.md}, from the working directory upwards (Maven runs a module's tests in the
     * module's folder, so {@code ../fixtures}; an IDE may run them from the repository's root).
     */
    public static Path inRepository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path f = dir.resolve("fixtures");
            if (Files.isRegularFile(f.resolve("PROVENANCE.md"))) {
                return f;
            }
        }
        throw new IllegalStateException("no fixtures/PROVENANCE.md in " + Path.of("").toAbsolutePath()
                + " or a folder above it: run the tests inside the repository, or set -D" + PROPERTY + "=PATH");
    }

    public static Path model(String name) {
        return root().resolve("models").resolve(name);
    }

    public static Path image(String name) {
        return root().resolve("images").resolve(name);
    }

    /** The bytes of a fixture image. */
    public static byte[] bytes(String image) {
        try {
            return Files.readAllBytes(image(image));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture image as base64 (as JSON requests carry it). */
    public static String base64(String image) {
        return Base64.getEncoder().encodeToString(bytes(image));
    }

    /** An expected tensor of a fixture case ({@code expected/<case>.safetensors}). */
    public static Tensor expected(String fixtureCase, String tensor) {
        try (SafetensorsFile f = SafetensorsFile.open(expectedFile(fixtureCase))) {
            return f.read(tensor);
        }
    }

    private static Path expectedFile(String fixtureCase) {
        return root().resolve("expected").resolve(fixtureCase + ".safetensors");
    }

    /** All cases of {@code cases.json}. */
    public static List<Case> cases() {
        try {
            JsonNode root = new ObjectMapper().readTree(root().resolve("cases.json").toFile());
            List<Case> out = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                out.add(new Case(c.get("case").asText(), root().resolve(c.get("model").asText()),
                        root().resolve(c.get("image").asText()), c.get("target").asInt(), c.get("target_kind").asText(),
                        c.path("layer_norm_eps").asDouble(0)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cases of {@code architectures.json} whose {@code format} is one of {@code formats}. */
    public static List<ArchitectureCase> architectureCases(String... formats) {
        List<String> wanted = List.of(formats);
        try {
            JsonNode root = new ObjectMapper().readTree(root().resolve("architectures.json").toFile());
            List<ArchitectureCase> out = new ArrayList<>();
            for (JsonNode c : root.get("cases")) {
                if (wanted.contains(c.get("format").asText())) {
                    out.add(new ArchitectureCase(c.get("case").asText(), root().resolve(c.get("model").asText()),
                            c.get("format").asText(), root().resolve(c.get("image").asText()), c.get("image_size").asInt(),
                            c.get("target").asInt(), c.get("target_kind").asText(), root().resolve(c.get("expected").asText())));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Case> vitCases() {
        return cases().stream().filter(Case::isVit).toList();
    }

    public static List<Case> resnetCases() {
        return cases().stream().filter(c -> !c.isVit()).toList();
    }

    /**
     * Asserts that {@code actual} matches {@code expected} within {@code tol} absolute or {@code tol}
     * relative to the expected tensor's largest magnitude, whichever is larger (the fixtures' rule).
     */
    public static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertClose(expected.data(), actual.data(), tol, what);
    }

    public static void assertClose(float[] expected, float[] actual, double tol, String what) {
        assertClose(expected, actual, tol, tol, what);
    }

    /**
     * Asserts {@code |actual − expected| ≤ max(abs, rel · max|expected|)} element-wise, naming the
     * worst element when it fails.
     */
    public static void assertClose(float[] expected, float[] actual, double rel, double abs, String what) {
        if (expected.length != actual.length) {
            fail(what + ": " + actual.length + " values, expected " + expected.length);
        }
        double maxAbs = 0;
        for (float v : expected) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double allowed = Math.max(abs, rel * maxAbs);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        if (!(worst <= allowed)) {
            fail(String.format("%s: max difference %.3g at %d (expected %s, got %s) exceeds %.3g (max |expected| %.3g)",
                    what, worst, at, expected[at], actual[at], allowed, maxAbs));
        }
    }

    /**
     * The fixtures README's rule for {@code architectures.json}: max |got − want| ≤ tol · max(max |want|, 1e-6),
     * so an all-zero expected map (a bottom target's Grad-CAM) must come out zero to within tol · 1e-6.
     */
    public static void assertWithin(Tensor expected, Tensor actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double maxAbs = 0;
        for (float v : expected.data()) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double allowed = tol * Math.max(maxAbs, 1e-6);
        double worst = 0;
        int at = 0;
        for (int i = 0; i < expected.data().length; i++) {
            double d = Math.abs((double) expected.data()[i] - actual.data()[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        if (!(worst <= allowed)) {
            fail(String.format("%s: max difference %.3g at %d (expected %s, got %s) exceeds %.3g (max |expected| %.3g)",
                    what, worst, at, expected.data()[at], actual.data()[at], allowed, maxAbs));
        }
    }

    /** Strict relative comparison: max |e − a| ≤ tol · max |e| (for gradient-based maps). */
    public static void assertRelClose(Tensor expected, Tensor actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double maxAbs = 0;
        for (float v : expected.data()) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < expected.data().length; i++) {
            worst = Math.max(worst, Math.abs((double) expected.data()[i] - actual.data()[i]));
        }
        if (!(worst <= tol * maxAbs) && !(maxAbs == 0 && worst == 0)) {
            fail(String.format("%s: max difference %.3g exceeds %.3g relative to max |expected| %.3g: %s",
                    what, worst, tol, maxAbs, Arrays.toString(Arrays.copyOf(actual.data(), Math.min(6, actual.data().length)))));
        }
    }

    /**
     * A valid PNG header claiming {@code width × height} pixels with a 1-pixel body: a decoder must
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
        return Arrays.copyOf(full, Math.min(full.length, 120));
    }

    /** A JSON list of numbers as float[]. */
    public static float[] floats(List<? extends Number> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }
}
