package dev.xai4j.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A checkpoint folder as a {@link ModelFamily} sees it while recognising it: the weights file
 * ({@code model.safetensors}), and {@code config.json} and {@code preprocessor_config.json} where present.
 * Structure is read from tensor names and shapes; the configuration supplies only what the weights
 * cannot tell. Errors are {@link CheckpointException}s naming the file and the tensor.
 *
 * <p>Strictness: every tensor of the file must be read while the model's graph is built (through
 * {@link #weights}), except {@code X.num_batches_tracked}, PyTorch's batch-norm counter, where
 * {@code X.running_mean} is read. A checkpoint holding any other tensor is refused with a message naming
 * it: a tensor the loader does not understand would otherwise be dropped silently, and the model would
 * compute something else than it was trained to. (A family that derives a buffer, such as an index, reads
 * it to check it.)
 */
public final class Checkpoint {

    private final String name;
    private final SafetensorsFile file;
    private final JsonNode config;
    private final JsonNode preprocessorConfig;
    private final int inputSize;
    /** Stored names of the tensors read so far (by the graph builder, on the model's worker thread). */
    private final Set<String> read = ConcurrentHashMap.newKeySet();

    /** @param inputSize the input side the caller asked for, 0 for the checkpoint's own */
    Checkpoint(String name, SafetensorsFile file, JsonNode config, JsonNode preprocessorConfig, int inputSize) {
        this.name = name;
        this.file = file;
        this.config = config;
        this.preprocessorConfig = preprocessorConfig;
        this.inputSize = inputSize;
    }

    /** The model's name: its folder's name. */
    public String name() {
        return name;
    }

    /** The weights file's path, for messages. */
    public Path path() {
        return file.path();
    }

    /** The weights file. */
    public SafetensorsFile file() {
        return file;
    }

    /** Names of every tensor in the file. */
    public Set<String> tensorNames() {
        return file.names();
    }

    /** Whether the file holds a tensor of that name. */
    public boolean contains(String tensor) {
        return file.contains(tensor);
    }

    /**
     * A tensor's shape.
     *
     * @throws CheckpointException naming the tensor when it is absent
     */
    public long[] shape(String tensor) {
        return file.shape(tensor);
    }

    /** {@code config.json}, if the folder has one. */
    public Optional<JsonNode> config() {
        return Optional.ofNullable(config);
    }

    /** {@code preprocessor_config.json}, if the folder has one. */
    public Optional<JsonNode> preprocessorConfig() {
        return Optional.ofNullable(preprocessorConfig);
    }

    /**
     * The square input side (pixels) the caller asked the model to run at instead of the checkpoint's
     * own, if any ({@link VisionModel#load(Path, int)}). A family that can run the model at that size
     * defines it so (a ViT resamples its position embeddings); the loader refuses a definition of
     * another size, so a family that cannot honour the request need not look at it.
     */
    public OptionalInt inputSize() {
        return inputSize > 0 ? OptionalInt.of(inputSize) : OptionalInt.empty();
    }

    /**
     * The weights under canonical names: {@code naming} maps a name the graph builder asks for to the
     * name stored in the file. Shapes are checked when a builder reads a tensor.
     */
    public Weights weights(UnaryOperator<String> naming) {
        return new CheckpointLoader.MappedWeights(this, naming);
    }

    /** Records that the graph read a stored tensor. */
    void markRead(String stored) {
        read.add(stored);
    }

    /**
     * Refuses the checkpoint when it holds a tensor that the graph did not read and that is no known
     * buffer; call after the graph is built.
     *
     * @param family the family that built the model, for the message
     */
    void requireEveryTensorUsed(String family) {
        Set<String> unused = new TreeSet<>();
        for (String n : file.names()) {
            boolean counter = n.endsWith(".num_batches_tracked")
                    && read.contains(n.substring(0, n.length() - "num_batches_tracked".length()) + "running_mean");
            if (!read.contains(n) && !counter) {
                unused.add(n);
            }
        }
        if (!unused.isEmpty()) {
            String first = unused.iterator().next();
            throw error("tensor '" + first + "' is not used by the " + family + " model read from it"
                    + (unused.size() > 1 ? " (" + unused.size() + " tensors unused: " + unused.stream().limit(8).toList()
                    + (unused.size() > 8 ? "…" : "") + ")" : "")
                    + "; refusing it rather than computing something else than the checkpoint's model");
        }
    }

    /**
     * One more than the largest index that {@code pattern}'s first group matches at the start of a
     * tensor name (e.g. {@code blocks\.(\d+)\.} counts blocks).
     *
     * @throws CheckpointException when no tensor matches
     */
    public int countIndexed(Pattern pattern) {
        int max = -1;
        for (String n : file.names()) {
            Matcher m = pattern.matcher(n);
            if (m.lookingAt()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        if (max < 0) {
            throw error("no tensors matching " + pattern.pattern());
        }
        return max + 1;
    }

    /**
     * Strictness: the file must hold exactly the tensors a family read from it. A tensor the family does
     * not use would otherwise be ignored without a word, and the model would answer wrongly (a layer
     * scale, a register token, a normalisation the family does not know).
     *
     * @param used      the stored names of every tensor the model is built from
     * @param ignorable stored names that may be present and unused (buffers such as batch norm's
     *                  {@code num_batches_tracked})
     * @throws CheckpointException naming the first tensor that is missing, or present but unused
     */
    public void requireExactly(java.util.Collection<String> used, java.util.function.Predicate<String> ignorable) {
        for (String n : used) {
            if (!file.contains(n)) {
                throw error("missing tensor '" + n + "'");
            }
        }
        Set<String> expected = new java.util.HashSet<>(used);
        List<String> unused = file.names().stream().filter(n -> !expected.contains(n) && !ignorable.test(n)).sorted()
                .toList();
        if (!unused.isEmpty()) {
            throw error("tensor '" + unused.get(0) + "' is not part of the model its other tensors describe"
                    + (unused.size() > 1 ? " (nor are " + (unused.size() - 1) + " more: " + unused.subList(1,
                    Math.min(unused.size(), 6)) + (unused.size() > 6 ? "…" : "") + ")" : "")
                    + "; refusing to load rather than ignore it");
        }
    }

    /**
     * Class names from {@code config.json}'s {@code id2label} or {@code label_names}, {@code class_i}
     * where it names none.
     */
    public List<String> labels(int classes) {
        return CheckpointLoader.labels(config, classes);
    }

    /** An error about this checkpoint, its path prefixed. */
    public CheckpointException error(String message) {
        return new CheckpointException("checkpoint " + file.path() + ": " + message);
    }
}
