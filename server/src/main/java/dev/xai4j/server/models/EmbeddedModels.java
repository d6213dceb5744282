package dev.xai4j.server.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The default models shipped inside the product: checkpoint folders on the class path under
 * {@code xai4j/models/<name>/} (listed in {@code xai4j/models/index.txt}), trained by this project on
 * generated scenes ({@code xai train}). The loaders read folders, so each is copied once into a
 * temporary folder at start; they then load exactly like a user's checkpoint.
 */
public final class EmbeddedModels {

    private static final String ROOT = "xai4j/models/";
    private static final List<String> FILES = List.of("config.json", "preprocessor_config.json", "model.safetensors");

    private EmbeddedModels() {
    }

    /** Name → extracted folder of every embedded model. */
    public static Map<String, Path> extract() {
        Map<String, Path> out = new LinkedHashMap<>();
        ClassLoader cl = EmbeddedModels.class.getClassLoader();
        try (InputStream index = cl.getResourceAsStream(ROOT + "index.txt")) {
            if (index == null) {
                return out;
            }
            Path base = Files.createTempDirectory("xai4j-models");
            base.toFile().deleteOnExit();
            for (String name : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\\s+")) {
                if (name.isBlank()) {
                    continue;
                }
                Path dir = Files.createDirectories(base.resolve(name));
                // deleteOnExit deletes in reverse order of registration, so a folder is registered before its
                // files: registered after them, it was still full when its turn came and stayed behind
                dir.toFile().deleteOnExit();
                for (String file : FILES) {
                    try (InputStream in = cl.getResourceAsStream(ROOT + name + "/" + file)) {
                        if (in != null) {
                            Files.copy(in, dir.resolve(file));
                            dir.resolve(file).toFile().deleteOnExit();
                        }
                    }
                }
                out.put(name, dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the embedded models", e);
        }
        return out;
    }
}
