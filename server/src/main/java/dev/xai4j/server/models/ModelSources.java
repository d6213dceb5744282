package dev.xai4j.server.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where each model name's checkpoint lives: the configured models ({@code xai.models.<name>.path})
 * first, then every checkpoint folder found in the models folder, named after the folder. A
 * configured name wins over a folder of the same name. Shared by the server and the CLI.
 */
public final class ModelSources {

    private final Map<String, Path> paths;

    private ModelSources(Map<String, Path> paths) {
        this.paths = Collections.unmodifiableMap(paths);
    }

    /**
     * Discovers the models.
     *
     * @param configured name → checkpoint path, in the order they should be listed
     * @param modelsDir  a folder to scan (one level), if any; a missing folder is an error
     * @throws IllegalArgumentException if {@code modelsDir} is not a folder
     */
    public static ModelSources discover(Map<String, Path> configured, Optional<Path> modelsDir) {
        Map<String, Path> out = new LinkedHashMap<>();
        new TreeMap<>(configured).forEach((name, path) -> out.put(name, path.toAbsolutePath().normalize()));
        if (modelsDir.isPresent()) {
            Path dir = modelsDir.get();
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("models folder " + dir.toAbsolutePath() + " is not a folder");
            }
            for (Path sub : list(dir)) {
                if (isCheckpoint(sub)) {
                    out.putIfAbsent(sub.getFileName().toString(), sub.toAbsolutePath().normalize());
                }
            }
        }
        return new ModelSources(out);
    }

    /** Whether a folder looks like a checkpoint: it holds a {@code .safetensors} file. */
    public static boolean isCheckpoint(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        return list(dir).stream().anyMatch(p -> p.getFileName().toString().endsWith(".safetensors"));
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Model names, configured ones first (alphabetically), then those of the models folder. */
    public List<String> names() {
        return List.copyOf(paths.keySet());
    }

    /** Whether a model of this name is known. */
    public boolean contains(String name) {
        return paths.containsKey(name);
    }

    /** The checkpoint of a known model. */
    public Optional<Path> path(String name) {
        return Optional.ofNullable(paths.get(name));
    }

    /** Every name → path. */
    public Map<String, Path> all() {
        return paths;
    }
}
