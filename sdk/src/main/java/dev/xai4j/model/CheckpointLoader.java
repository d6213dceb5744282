package dev.xai4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.Preprocessing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a checkpoint folder (weights, {@code config.json}, {@code preprocessor_config.json}) and hands
 * it to the registered {@link ModelFamily}s until one recognises it; holds what the families share
 * (labels, preprocessing from configs, name-mapped weights).
 */
final class CheckpointLoader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointLoader() {
    }

    /** Loads the spec of the checkpoint in {@code location}: a folder, or a .safetensors file in one. */
    static ModelSpec load(Path location) {
        return load(location, 0);
    }

    /**
     * As {@link #load(Path)}, the model to run at {@code inputSize} × {@code inputSize} pixels (0: the
     * checkpoint's own size).
     *
     * @throws IllegalArgumentException when the model cannot run at that size
     */
    static ModelSpec load(Path location, int inputSize) {
        if (inputSize < 0) {
            throw new IllegalArgumentException("input size must be positive, got " + inputSize);
        }
        Path dir = Files.isDirectory(location) ? location : location.getParent();
        if (!Files.exists(location)) {
            throw new CheckpointException("checkpoint not found: " + location);
        }
        Path weightsFile = Files.isRegularFile(location) ? location : dir.resolve("model.safetensors");
        if (!Files.exists(weightsFile)) {
            if (Files.exists(dir.resolve("pytorch_model.bin")) || Files.exists(dir.resolve("pytorch_model.pth"))) {
                throw new CheckpointException("no model.safetensors in " + dir
                        + ": only safetensors checkpoints are read (found a pickled PyTorch file; save it with"
                        + " safetensors.torch.save_file)");
            }
            throw new CheckpointException("no model.safetensors in " + dir);
        }
        JsonNode config = readJson(dir.resolve("config.json"));
        JsonNode preproc = readJson(dir.resolve("preprocessor_config.json"));
        String name = dir.getFileName() == null ? weightsFile.toString() : dir.getFileName().toString();
        SafetensorsFile file = SafetensorsFile.open(weightsFile);
        try {
            Checkpoint checkpoint = new Checkpoint(name, file, config, preproc, inputSize);
            ModelDefinition d = recognize(checkpoint);
            if (inputSize > 0 && (d.inputHeight() != inputSize || d.inputWidth() != inputSize)) {
                throw new IllegalArgumentException("model " + name + " (" + d.family() + ") runs only at its own input size "
                        + d.inputHeight() + "×" + d.inputWidth() + ", not " + inputSize + "×" + inputSize);
            }
            return new ModelSpec(name, d, file, checkpoint);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The first registered family's reading of the checkpoint. */
    private static ModelDefinition recognize(Checkpoint checkpoint) {
        List<String> formats = new ArrayList<>();
        for (ModelFamily family : ModelFamilies.all()) {
            java.util.Optional<ModelDefinition> d = family.recognize(checkpoint);
            if (d.isPresent()) {
                return d.get();
            }
            formats.add(family.describeFormat());
        }
        throw new CheckpointException("unrecognised checkpoint " + checkpoint.path() + ": expected " + String.join(", ", formats)
                + " tensor names; first names: " + checkpoint.tensorNames().stream().limit(5).toList());
    }

    // ---------------------------------------------------------------- shared

    static Preprocessing timmPreprocessing(JsonNode config, int size, float[] mean, float[] std,
                                                   Interpolation interp, double crop) {
        JsonNode pc = config == null ? null : config.path("pretrained_cfg");
        if (pc == null || !pc.isObject()) {
            return new Preprocessing(size, size, interp, crop, true, mean, std);
        }
        JsonNode in = pc.path("input_size");
        int h = in.isArray() && in.size() == 3 ? in.get(1).asInt(size) : size;
        int w = in.isArray() && in.size() == 3 ? in.get(2).asInt(size) : size;
        return new Preprocessing(h, w, Interpolation.fromName(pc.path("interpolation").asText(interp.name())),
                pc.path("crop_pct").asDouble(crop), true, floats(pc.path("mean"), mean), floats(pc.path("std"), std));
    }

    static JsonNode readJson(Path p) {
        if (!Files.exists(p)) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(p.toFile());
            if (n == null || !n.isObject()) {
                throw new CheckpointException("invalid " + p.getFileName() + " in " + p.getParent() + ": not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new CheckpointException("invalid " + p.getFileName() + " in " + p.getParent() + ": " + e.getMessage(), e);
        }
    }

    static void checkConfigured(SafetensorsFile file, String key, JsonNode config, int actual) {
        if (config.has(key) && config.get(key).asInt() != actual) {
            throw new CheckpointException("config.json of " + file.path() + " says " + key + " = "
                    + config.get(key).asInt() + " but the weights have " + actual);
        }
    }

    static List<String> labels(JsonNode config, int classes) {
        String[] out = new String[classes];
        if (config != null && config.path("id2label").isObject()) {
            config.get("id2label").fields().forEachRemaining(e -> {
                int i = Integer.parseInt(e.getKey());
                if (i >= 0 && i < classes) {
                    out[i] = e.getValue().asText();
                }
            });
        } else if (config != null && config.path("label_names").isArray()) {
            JsonNode ln = config.get("label_names");
            for (int i = 0; i < Math.min(classes, ln.size()); i++) {
                out[i] = ln.get(i).asText();
            }
        }
        for (int i = 0; i < classes; i++) {
            if (out[i] == null) {
                out[i] = "class_" + i;
            }
        }
        return List.of(out);
    }

    static float[] floats(JsonNode n, float[] fallback) {
        if (!n.isArray() || n.size() != 3) {
            return fallback;
        }
        return new float[]{(float) n.get(0).asDouble(), (float) n.get(1).asDouble(), (float) n.get(2).asDouble()};
    }

    /** Weights read from one file through a canonical-to-stored name mapping. */
    static class MappedWeights implements Weights {
        private final Checkpoint checkpoint;
        private final SafetensorsFile file;
        private final java.util.function.UnaryOperator<String> map;

        MappedWeights(Checkpoint checkpoint, java.util.function.UnaryOperator<String> map) {
            this.checkpoint = checkpoint;
            this.file = checkpoint.file();
            this.map = map;
        }

        @Override
        public boolean has(String name) {
            return file.contains(map.apply(name));
        }

        @Override
        public long[] shape(String name) {
            String stored = map.apply(name);
            return file.contains(stored) ? file.shape(stored) : null;
        }

        @Override
        public Tensor get(String name, long... expected) {
            String stored = map.apply(name);
            return check(name, stored, read(stored), expected);
        }

        /** A stored tensor, recorded as used by the model (see {@link Checkpoint#requireEveryTensorUsed}). */
        Tensor read(String stored) {
            Tensor t = file.read(stored);
            checkpoint.markRead(stored);
            return t;
        }

        Tensor check(String name, String stored, Tensor t, long... expected) {
            if (expected.length > 0 && !Arrays.equals(t.shape(), expected)) {
                // torchvision stores scalars such as num_batches_tracked as [1] or []; flat vectors may come as [n,1]
                if (Tensor.elementCount(expected) != t.data().length || expected.length > 1) {
                    throw new CheckpointException("tensor '" + stored + "' in " + file.path() + " has shape "
                            + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(expected));
                }
                return new Tensor(t.data(), expected.clone());
            }
            return t;
        }

        SafetensorsFile file() {
            return file;
        }

        @Override
        public String toString() {
            return file.path().toString();
        }
    }
}
