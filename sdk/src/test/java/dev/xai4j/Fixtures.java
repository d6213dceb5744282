package dev.xai4j;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xai4j.model.SafetensorsFile;
import dev.xai4j.model.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** The shared reference fixtures ({@code ../shared/fixtures}) and the comparisons tests make with them. */
public final class Fixtures {

    /** One entry of {@code cases.json}. */
    public record Case(String name, Path model, Path image, int target, String targetKind, double layerNormEps) {
        public boolean isVit() {
            return model.getFileName().toString().startsWith("vit");
        }

        /** Reads an expected tensor of this case. */
        public Tensor expected(String tensor) {
            try (SafetensorsFile f = SafetensorsFile.open(root().resolve("expected").resolve(name + ".safetensors"))) {
                return f.read(tensor);
            }
        }

        public boolean hasExpected(String tensor) {
            try (SafetensorsFile f = SafetensorsFile.open(root().resolve("expected").resolve(name + ".safetensors"))) {
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

    /** The fixtures folder: system property {@code xai4j.fixtures}, else {@code ../shared/fixtures} upwards. */
    public static Path root() {
        String p = System.getProperty("xai4j.fixtures");
        if (p != null && Files.isDirectory(Path.of(p))) {
            return Path.of(p);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path f = dir.resolve("../shared/fixtures").normalize();
            if (Files.isDirectory(f)) {
                return f;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("fixtures not found: set -Dxai4j.fixtures or put shared/ beside the checkout");
    }

    public static Path model(String name) {
        return root().resolve("models").resolve(name);
    }

    public static Path image(String name) {
        return root().resolve("images").resolve(name);
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
        if (expected.length != actual.length) {
            fail(what + ": " + actual.length + " values, expected " + expected.length);
        }
        double maxAbs = 0;
        for (float v : expected) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        double allowed = Math.max(tol, tol * maxAbs);
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
}
