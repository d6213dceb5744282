package dev.xai4j.server.cli;

import dev.xai4j.server.models.EmbeddedModels;
import dev.xai4j.server.models.ModelSources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's model settings, read without booting Quarkus: the embedded default models and the packaged
 * {@code application.properties} (production values; {@code %profile.} keys are ignored),
 * overridden by system properties ({@code -Dxai.models.NAME.path=...}) and by the environment
 * ({@code XAI_DEFAULT_MODEL}, {@code XAI_MODELS_DIR}), as the server reads them.
 *
 * @param defaultModel the default model's name
 * @param sources      every model name and its checkpoint
 */
record CliSettings(String defaultModel, ModelSources sources) {

    private static final Pattern MODEL_PATH = Pattern.compile("xai\\.models\\.([^.]+)\\.path");

    /** Reads the settings; {@code modelsDir} overrides the configured models folder. */
    static CliSettings load(Path modelsDir) {
        Properties p = new Properties();
        try (InputStream in = CliSettings.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("xai.")) {
                p.setProperty(k.toString(), v.toString());
            }
        });
        // as in the server: the embedded default models first; configured paths may override them by name
        Map<String, Path> configured = new LinkedHashMap<>(EmbeddedModels.extract());
        for (String key : p.stringPropertyNames()) {
            Matcher m = MODEL_PATH.matcher(key);
            if (m.matches()) {
                configured.put(m.group(1), Path.of(p.getProperty(key).trim()));
            }
        }
        String defaultModel = env("XAI_DEFAULT_MODEL").orElse(p.getProperty("xai.default-model", "vit-shapes")).trim();
        Optional<Path> dir = Optional.ofNullable(modelsDir)
                .or(() -> env("XAI_MODELS_DIR").map(Path::of))
                .or(() -> Optional.ofNullable(p.getProperty("xai.models-dir")).filter(s -> !s.isBlank()).map(Path::of));
        if (dir.isPresent() && !Files.isDirectory(dir.get())) {
            throw new CliException("models folder " + dir.get() + " does not exist");
        }
        return new CliSettings(defaultModel, ModelSources.discover(configured, dir));
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(s -> !s.isBlank());
    }

    /**
     * The checkpoint a {@code --model} value means: an existing folder or file as given, else a
     * model name.
     *
     * @throws CliException naming the known models when it is neither
     */
    Path resolve(String model) {
        String m = model == null || model.isBlank() ? defaultModel : model.trim();
        Path asPath = Path.of(m);
        if (Files.exists(asPath)) {
            return asPath;
        }
        return sources.path(m).orElseThrow(() -> new CliException("--model '" + m
                + "' is neither a checkpoint folder nor a known model name; known: " + sources.names()));
    }
}
