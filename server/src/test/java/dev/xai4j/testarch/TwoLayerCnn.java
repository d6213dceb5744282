package dev.xai4j.testarch;

import dev.xai4j.model.SafetensorsWriter;
import dev.xai4j.model.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Checkpoints of {@link TwoLayerCnnFamily}: random weights written as a safetensors folder. */
public final class TwoLayerCnn {

    /** Class names written to {@code config.json}. */
    public static final String[] LABELS = {"left", "right", "top"};

    private TwoLayerCnn() {
    }

    /** Writes a checkpoint (model.safetensors and config.json) of seeded random weights into {@code dir}. */
    public static Path write(Path dir, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("cnn.conv1.weight", random(r, 0.4, 6, 3, 3, 3));
        t.put("cnn.conv1.bias", random(r, 0.1, 6));
        t.put("cnn.conv2.weight", random(r, 0.3, 8, 6, 3, 3));
        t.put("cnn.conv2.bias", random(r, 0.1, 8));
        t.put("cnn.head.weight", random(r, 0.5, LABELS.length, 8));
        t.put("cnn.head.bias", random(r, 0.1, LABELS.length));
        try {
            Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve("model.safetensors"), t, Map.of());
            Files.writeString(dir.resolve("config.json"), "{\"label_names\": [\"left\", \"right\", \"top\"]}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static Tensor random(SplittableRandom r, double std, long... shape) {
        float[] v = new float[(int) Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return new Tensor(v, shape);
    }
}
