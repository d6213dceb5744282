package dev.xai4j.server.models;

import dev.xai4j.model.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Estimates how much memory a checkpoint takes once loaded, before loading it: its parameter count
 * (read from the safetensors header, no weights touched) × 4 bytes (the graph holds float32) × an
 * overhead factor for the graph's activations, gradients and copies.
 */
public final class ModelSize {

    private ModelSize() {
    }

    /** Estimated bytes of a loaded checkpoint; falls back to the file size if the header cannot be read. */
    public static long estimate(Path checkpoint, double overheadFactor) {
        Path file = weightsFile(checkpoint);
        long parameters;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            parameters = 0;
            for (String name : f.names()) {
                parameters += f.entry(name).elementCount();
            }
        } catch (RuntimeException e) {
            // a broken checkpoint fails properly when loaded; for the budget, guess from its size
            try {
                parameters = Files.size(file) / 2;
            } catch (IOException io) {
                parameters = 0;
            }
        }
        return (long) (parameters * 4 * overheadFactor);
    }

    private static Path weightsFile(Path checkpoint) {
        if (!Files.isDirectory(checkpoint)) {
            return checkpoint;
        }
        Path standard = checkpoint.resolve("model.safetensors");
        if (Files.exists(standard)) {
            return standard;
        }
        try (Stream<Path> s = Files.list(checkpoint)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().findFirst().orElse(standard);
        } catch (IOException e) {
            return standard;
        }
    }
}
