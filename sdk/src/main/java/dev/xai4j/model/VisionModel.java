package dev.xai4j.model;

import dev.xai4j.image.Interpolation;
import dev.xai4j.image.Preprocessing;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * An image classifier as a SameDiff graph with autodiff: the engine under every explainer.
 *
 * <p>Load one from a checkpoint folder ({@link #load(Path)}: the first registered {@link ModelFamily}
 * that recognises its tensors builds it; built in: Hugging Face ViT/DeiT, timm ViT/DeiT/DINOv2,
 * torchvision/timm ResNet, torchvision/timm ConvNeXt, torchvision EfficientNet; every tensor of the
 * file must be used, see {@link Checkpoint}; a ViT at another input size with {@link #load(Path, int)}),
 * or build one with random weights from a configuration ({@link #random(ViTConfig, long)},
 * {@link #random(ResNetConfig, long)}, {@link #random(ConvNeXtConfig, long)},
 * {@link #random(EfficientNetConfig, long)}). Then
 * {@link #run(PassRequest)} does one forward pass, and one backward pass of the target score
 * Σ_i logits[i, c_i] when gradients are asked for, returning any set of capture points and their
 * gradients.
 *
 * <p>Capture points (names in {@link CapturePoints}), stable across checkpoint formats:
 * <ul>
 *   <li>always: {@code pixel_values} [B,3,H,W] (the input; its gradient is the saliency) and {@code logits} [B,C];</li>
 *   <li>ViT: {@code embeddings.patches} [B,g²,D], {@code embeddings} [B,N,D], and per block l
 *       {@code blocks.l.input}, {@code blocks.l.norm1}, {@code blocks.l.output} [B,N,D],
 *       {@code blocks.l.q|k|v} [B,H,N,D/H], {@code blocks.l.attention} [B,H,N,N] (post-softmax);
 *       then {@code norm} [B,N,D];</li>
 *   <li>ResNet: {@code conv1}, {@code stem}, per block {@code layerS.B.convK} (before batch norm),
 *       {@code layerS.B.downsample}, {@code layerS.B} (block output), {@code features} (last block
 *       output) and {@code pooled};</li>
 *   <li>ConvNeXt: {@code conv1}, {@code stem}, {@code layerS.input} (stage S's downsampling layer, S ≥ 2),
 *       {@code layerS.B} (block output), {@code features} (last block output) and {@code pooled};</li>
 *   <li>EfficientNet: {@code conv1}, {@code stem}, {@code layerS.B} (MBConv block output), {@code features}
 *       (the head convolution after batch norm and SiLU) and {@code pooled}.</li>
 * </ul>
 *
 * <p>SameDiff keeps an inference session per calling thread and never frees it, so every run happens
 * on this model's own worker thread; calls from many threads are serialised. Close the model to
 * free the thread and the graph's native memory.
 */
public final class VisionModel implements AutoCloseable {

    static {
        NativeBackend.init();
    }

    /** The name under which SameDiff keeps a graph's gradient function. */
    private static final String GRADIENT_FUNCTION = "grad";

    private final ModelInfo info;
    private final Graph graph;
    private final ModelSpec spec;
    /** Graphs with modified gradients, built on first use; touched only on the worker thread. */
    private final Map<GradientRules, Graph> ruleGraphs = new java.util.EnumMap<>(GradientRules.class);
    /** Graphs that let a pass change one capture point's value ({@link Intervention}), by point; worker thread only. */
    private final Map<String, Graph> interventionGraphs = new HashMap<>();
    private final ExecutorService worker;
    private final AtomicLong forwardPasses = new AtomicLong();
    private final AtomicLong backwardPasses = new AtomicLong();
    /** Arrays of every session of this model's graphs; touched only on the worker thread. */
    private final ArrayPool arrays = new ArrayPool();
    private final AutoCloseable resources;
    private final Weights weights;
    private volatile boolean closed;

    private VisionModel(ModelSpec spec) {
        this.resources = spec.resources();
        this.weights = spec.weights();
        int threads = NativeBackend.threads();
        // ND4J must be up (backend chosen, properties read) before its native ops are touched
        Nd4j.getExecutioner();
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(() -> {
                // OpenMP's thread count is per calling thread: set it on the worker itself
                try {
                    org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
                } catch (RuntimeException | LinkageError e) {
                    System.getLogger(VisionModel.class.getName()).log(System.Logger.Level.WARNING,
                            "cannot set OpenMP threads on the model worker: " + e);
                }
                r.run();
            }, "xai4j-model-" + spec.name());
            t.setDaemon(true);
            return t;
        });
        this.spec = spec;
        try {
            this.graph = onWorker(() -> build(spec, GradientRules.STANDARD, arrays));
        } catch (RuntimeException | Error e) {
            worker.shutdownNow();
            throw e;
        }
        List<String> points = new ArrayList<>(graph.captures().keySet());
        ModelDefinition d = spec.definition();
        try {
            for (FeatureMap f : d.capabilities().featureMaps()) {
                if (!graph.captures().containsKey(f.name())) {
                    throw new IllegalStateException("model family " + d.family() + " declares feature map " + f.name()
                            + " but its graph has no such capture point");
                }
            }
            if (spec.checkpoint() != null) {
                spec.checkpoint().requireEveryTensorUsed(d.family());
            }
        } catch (RuntimeException e) {
            worker.submit(() -> releaseGraph(graph.sd()));
            worker.shutdown();
            throw e;
        }
        this.info = new ModelInfo(spec.name(), d.family(), d.format(), d.inputHeight(), d.inputWidth(), d.labels(),
                points, d.capabilities(), d.preprocessing());
    }

    /**
     * Loads a checkpoint: a folder (or a {@code .safetensors} file inside one) in a layout one of the
     * registered {@link ModelFamily}s reads (Hugging Face ViT, timm ViT, torchvision ResNet, torchvision or
     * timm ConvNeXt, torchvision EfficientNet built in).
     *
     * @throws CheckpointException naming the file and tensor when the checkpoint cannot be used
     */
    public static VisionModel load(Path location) {
        return load(location, 0);
    }

    /**
     * Loads a checkpoint to run at {@code inputSize} × {@code inputSize} pixels instead of its own size
     * (0: its own). A ViT's learned position embeddings are resampled to the new patch grid as timm
     * does ({@code resample_abs_pos_embed}: antialiased bicubic, prefix tokens' rows kept), its token
     * layout and {@link #preprocessing()} follow the size; a ResNet (global average pooling) simply
     * runs at that size. timm's {@code dynamic_img_size} marks checkpoints made for this; for others it
     * is the caller's choice, and accuracy away from the trained size is the caller's to judge.
     *
     * @throws IllegalArgumentException when the model cannot run at that size (not a multiple of a
     *                                  ViT's patch size, or a family that runs at one size only)
     * @throws CheckpointException      naming the file and tensor when the checkpoint cannot be used
     */
    public static VisionModel load(Path location, int inputSize) {
        ModelSpec spec = CheckpointLoader.load(location, inputSize);
        try {
            return new VisionModel(spec);
        } catch (RuntimeException e) {
            closeQuietly(spec.resources());
            throw e;
        }
    }

    /**
     * A model from a definition made in code (e.g. by a {@link ModelFamily} outside a checkpoint, or with
     * weights from elsewhere).
     *
     * @param resources closed when the model is closed (the weights' file, say), may be null
     */
    public static VisionModel of(String name, ModelDefinition definition, AutoCloseable resources) {
        return new VisionModel(new ModelSpec(name, definition, resources == null ? () -> { } : resources, null));
    }

    /** A ViT with deterministic random weights (for speed and memory measurements). */
    public static VisionModel random(ViTConfig config, long seed) {
        List<String> labels = IntStream.range(0, config.numClasses()).mapToObj(i -> "class_" + i).toList();
        Preprocessing pre = new Preprocessing(config.imageSize(), config.imageSize(), Interpolation.BICUBIC, 1.0, false,
                new float[]{0.5f, 0.5f, 0.5f}, new float[]{0.5f, 0.5f, 0.5f});
        return of("random-vit-" + config.hiddenSize() + "-" + config.depth(),
                ViTFamily.definition(CheckpointFormat.RANDOM, config, labels, pre, new RandomWeights(seed)), null);
    }

    /** A ResNet with deterministic random weights (for speed and memory measurements). */
    public static VisionModel random(ResNetConfig config, long seed) {
        List<String> labels = IntStream.range(0, config.numClasses()).mapToObj(i -> "class_" + i).toList();
        return of("random-resnet-" + Arrays.stream(config.blocks()).sum(), ResNetFamily.definition(CheckpointFormat.RANDOM,
                config, labels, Preprocessing.imagenet(config.imageSize()), new RandomWeights(seed)), null);
    }

    /** A ConvNeXt with deterministic random weights (for speed and memory measurements). */
    public static VisionModel random(ConvNeXtConfig config, long seed) {
        List<String> labels = IntStream.range(0, config.numClasses()).mapToObj(i -> "class_" + i).toList();
        return of("random-convnext-" + config.blocks(), ConvNeXtFamily.definition(CheckpointFormat.RANDOM, config, labels,
                Preprocessing.imagenet(config.imageSize()), new RandomWeights(seed)), null);
    }

    /** An EfficientNet with deterministic random weights (for speed and memory measurements). */
    public static VisionModel random(EfficientNetConfig config, long seed) {
        List<String> labels = IntStream.range(0, config.numClasses()).mapToObj(i -> "class_" + i).toList();
        return of("random-efficientnet-" + config.blocks(), EfficientNetFamily.definition(CheckpointFormat.RANDOM, config,
                labels, Preprocessing.imagenet(config.imageSize()), new RandomWeights(seed)), null);
    }

    /** Builds a graph and its gradient function, whose sessions on the calling (worker) thread use {@code arrays}. */
    private static Graph build(ModelSpec spec, GradientRules rules, ArrayPool arrays) {
        return build(spec, spec.definition().graphs().builder(rules), arrays);
    }

    private static Graph build(ModelSpec spec, GraphBuilder builder, ArrayPool arrays) {
        ModelDefinition d = spec.definition();
        Graph g = builder.build(3, d.inputHeight(), d.inputWidth());
        createGradFunctionQuietly(g.sd());
        arrays.serve(g.sd());
        arrays.serve(g.sd().getFunction(GRADIENT_FUNCTION));
        return g;
    }

    /** SameDiff prints a line per differentiated op to standard out; build the gradient graph once, muted. */
    private static void createGradFunctionQuietly(SameDiff sd) {
        synchronized (System.class) {
            PrintStream out = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(out);
            }
        }
    }

    /** How the model was defined (package tests read its family configuration). */
    ModelSpec spec() {
        return spec;
    }

    /** What this model is. */
    public ModelInfo info() {
        return info;
    }

    /** How images become this model's input. */
    public Preprocessing preprocessing() {
        return info.preprocessing();
    }

    /**
     * Canonical names of the parameters the graph was built from (see {@link #parameter(String)}), in
     * the order the graph uses them: input end first, classifier last.
     */
    public Set<String> parameterNames() {
        return graph.parameters().keySet();
    }

    /**
     * A parameter by canonical name, whatever the checkpoint called it: timm naming for ViT
     * ({@code head.weight} [C, D], {@code blocks.l.attn.q.weight}, …) and torchvision naming for ResNet
     * ({@code fc.weight} [C, F], {@code layer1.0.conv1.weight}, {@code bn1.running_var}, …).
     */
    public Tensor parameter(String name) {
        GraphBuilder.Binding b = graph.parameters().get(name);
        if (b == null) {
            throw new IllegalArgumentException("model " + info.name() + " has no parameter '" + name + "'");
        }
        if (closed) {
            throw new IllegalStateException("model " + info.name() + " is closed");
        }
        return weights.get(name, b.shape());
    }

    /**
     * A new model with this one's graph and parameters, except that the named parameters hold fresh
     * random values: linear and embedding weights N(0, 0.02²), convolutions He-normal, LayerNorm and
     * batch-norm scales 1, biases and running means 0, running variances 1 (each tensor's values depend
     * only on {@code seed} and its name). This model is not changed. The copy reads its other
     * parameters from this model's checkpoint: close it before this model. What the model-parameter
     * randomisation test (Adebayo et al. 2018) explains.
     *
     * @throws IllegalArgumentException naming the unknown parameters when a name is not one of {@link #parameterNames()}
     * @throws UnsupportedOperationException for a model whose family's graph factory offers no
     *                                       {@link ModelDefinition.GraphFactory#withWeights}
     */
    public VisionModel withRandomParameters(Set<String> names, long seed) {
        if (closed) {
            throw new IllegalStateException("model " + info.name() + " is closed");
        }
        List<String> unknown = names.stream().filter(n -> !graph.parameters().containsKey(n)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("model " + info.name() + " has no parameters " + unknown);
        }
        ModelDefinition d = spec.definition();
        Weights w = new PartlyRandomWeights(weights, names, seed);
        // the graph factory holds the weights it builds from: the copy needs a factory over the new ones
        ModelDefinition.GraphFactory graphs;
        if (d.graphs() instanceof ViTFamily.Graphs g) {
            graphs = new ViTFamily.Graphs(g.config(), w);
        } else if (d.graphs() instanceof ResNetFamily.Graphs g) {
            graphs = new ResNetFamily.Graphs(g.config(), w);
        } else {
            graphs = d.graphs().withWeights(w);
        }
        return of(spec.name() + "-randomised", new ModelDefinition(d.family(), d.format(), d.labels(), d.preprocessing(),
                d.inputHeight(), d.inputWidth(), d.capabilities(), w, graphs), null);
    }

    /** Forward passes run so far (a run with gradients counts one forward and one backward). */
    public long forwardPasses() {
        return forwardPasses.get();
    }

    /** Bytes the model's array pool holds between passes (tests: it must stop growing once passes repeat). */
    long pooledBytes() {
        return onWorker(arrays::pooledBytes);
    }

    /** Backward passes run so far. */
    public long backwardPasses() {
        return backwardPasses.get();
    }

    /** Classifies one image: preprocessing, a forward pass, the top {@code k} classes. */
    public Prediction predict(dev.xai4j.image.RgbImage image, int k) {
        Tensor px = preprocessing().apply(image);
        PassResult r = run(PassRequest.forward(px.reshape(1, px.shape()[0], px.shape()[1], px.shape()[2]), Set.of()));
        return Prediction.of(r.logits().data(), info.labels(), k);
    }

    /**
     * Runs one forward pass, and one backward pass if gradients are requested.
     *
     * @throws IllegalArgumentException for unknown capture points, a wrong input shape or targets out of range
     */
    public PassResult run(PassRequest request) {
        validate(request);
        return onWorker(() -> execute(request));
    }

    private void validate(PassRequest r) {
        long[] s = r.pixels().shape();
        if (s[1] != 3 || s[2] != info.inputHeight() || s[3] != info.inputWidth()) {
            throw new IllegalArgumentException("model " + info.name() + " takes [B, 3, " + info.inputHeight() + ", "
                    + info.inputWidth() + "] pixels, got " + Arrays.toString(s));
        }
        if (s[0] < 1) {
            throw new IllegalArgumentException("empty batch");
        }
        for (Set<String> names : List.of(r.captures(), r.gradients())) {
            for (String n : names) {
                if (!graph.captures().containsKey(n)) {
                    throw new IllegalArgumentException("unknown capture point '" + n + "' for model " + info.name()
                            + "; known: " + graph.captures().keySet());
                }
            }
        }
        if (!info.capabilities().supports(r.rules())) {
            throw new IllegalArgumentException("gradient rules " + r.rules() + " do not apply to model " + info.name()
                    + "; it supports " + info.capabilities().gradientRules());
        }
        if (r.needsBackward()) {
            for (int t : r.targets()) {
                if (t != PassRequest.TOP_CLASS && (t < 0 || t >= info.numClasses())) {
                    throw new IllegalArgumentException("target class " + t + " out of range [0, " + info.numClasses() + ")");
                }
            }
        }
        if (r.contrasts() != null) {
            for (int c : r.contrasts()) {
                if (c != PassRequest.NO_CLASS && (c < 0 || c >= info.numClasses())) {
                    throw new IllegalArgumentException("contrast class " + c + " out of range [0, " + info.numClasses() + ")");
                }
            }
        }
        if (r.intervention() != null) {
            if (!graph.captures().containsKey(r.intervention().point())) {
                throw new IllegalArgumentException("cannot change unknown capture point '" + r.intervention().point()
                        + "' of model " + info.name() + "; known: " + graph.captures().keySet());
            }
            if (r.rules() != GradientRules.STANDARD) {
                throw new IllegalArgumentException("a pass that changes a capture point uses plain gradients, not " + r.rules());
            }
        }
    }

    private Graph graphFor(PassRequest r) {
        if (r.intervention() == null) {
            return graphFor(r.rules());
        }
        // aliases (features = the last block's output) change where the value is made, under its first name
        String variable = graph.captures().get(r.intervention().point());
        String point = graph.captures().entrySet().stream().filter(e -> e.getValue().equals(variable))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        int rank = r.intervention().keep().rank();
        return interventionGraphs.computeIfAbsent(point, p -> {
            Graph g = build(spec, spec.definition().graphs().builder(GradientRules.STANDARD).intervene(p, rank), arrays);
            // a builder that goes on from the value it captured rather than from what capture() returned
            // would leave the change unused: refuse rather than answer as if nothing had been changed
            var changed = g.sd().getVariables().get(g.captures().get(p));
            if (changed == null || changed.getInputsForOp() == null || changed.getInputsForOp().isEmpty()) {
                releaseGraph(g.sd());
                throw new IllegalStateException("model family " + spec.definition().family() + " does not compute on"
                        + " from the value capture() returns at " + p + ", so that point cannot be changed");
            }
            return g;
        });
    }

    private Graph graphFor(GradientRules rules) {
        if (rules == GradientRules.STANDARD) {
            return graph;
        }
        return ruleGraphs.computeIfAbsent(rules, x -> build(spec, x, arrays));
    }

    private PassResult execute(PassRequest r) {
        long t0 = System.nanoTime();
        Graph graph = graphFor(r);
        SameDiff sd = graph.sd();
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(graph.input(), arrays.filled(r.pixels()));
        if (r.intervention() != null) {
            ph.put(Graph.INTERVENTION_KEEP, arrays.filled(r.intervention().keep()));
            ph.put(Graph.INTERVENTION_FILL, arrays.filled(r.intervention().fill()));
        }
        Set<String> outputs = new LinkedHashSet<>();
        outputs.add(graph.captures().get(CapturePoints.LOGITS));
        r.captures().forEach(c -> outputs.add(graph.captures().get(c)));
        Map<String, INDArray> values;
        Map<String, INDArray> grads = Map.of();
        if (r.needsBackward()) {
            INDArray mask = arrays.zeros(r.batchSize(), info.numClasses());
            INDArray top = arrays.zeros(r.batchSize(), 1);
            for (int i = 0; i < r.batchSize(); i++) {
                if (r.targets()[i] == PassRequest.TOP_CLASS) {
                    top.putScalar(i, 0, 1f);
                } else {
                    mask.putScalar(i, r.targets()[i], 1f);
                }
                int c = r.contrasts() == null ? PassRequest.NO_CLASS : r.contrasts()[i];
                if (c != PassRequest.NO_CLASS) {
                    mask.putScalar(i, c, mask.getFloat(i, c) - 1f);
                }
            }
            ph.put(graph.targetMask(), mask);
            ph.put(graph.topWeight(), top);
            // The gradient function is run directly: calculateGradientsAndOutputs turns its array release off
            // (setEnableCache(false)) on every call, so all intermediates of the forward and the backward pass
            // stayed allocated until garbage collection, ~1.3 GB per ViT-B/16 pass. Run like this, the session
            // frees each array once its last consumer has run, and executes only the backward ops that the
            // requested gradients depend on.
            Map<String, String> gradientNames = new HashMap<>();
            for (String c : r.gradients()) {
                String v = graph.captures().get(c);
                SDVariable g = sd.getVariable(v).getGradient();
                if (g != null) {
                    gradientNames.put(v, g.name());
                }
            }
            Set<String> names = new LinkedHashSet<>(outputs);
            names.addAll(gradientNames.values());
            Map<String, INDArray> all = sd.getFunction(GRADIENT_FUNCTION).output(ph, List.of(), names.toArray(new String[0]));
            values = all;
            grads = new HashMap<>();
            for (Map.Entry<String, String> e : gradientNames.entrySet()) {
                grads.put(e.getKey(), all.get(e.getValue()));
            }
            forwardPasses.incrementAndGet();
            backwardPasses.incrementAndGet();
        } else {
            values = sd.output(ph, outputs.toArray(new String[0]));
            forwardPasses.incrementAndGet();
        }
        Map<INDArray, Tensor> copied = new IdentityHashMap<>();
        Map<String, Tensor> caps = new HashMap<>();
        for (String c : r.captures()) {
            caps.put(c, copy(copied, values.get(graph.captures().get(c)), c));
        }
        Tensor logits = copy(copied, values.get(graph.captures().get(CapturePoints.LOGITS)), CapturePoints.LOGITS);
        Map<String, Tensor> g = new HashMap<>();
        for (String c : r.gradients()) {
            g.put(c, copy(copied, grads.get(graph.captures().get(c)), c));
        }
        // results and inputs go back to the pool: an array that has been through an op is not freed by
        // close() until garbage collection (see ArrayPool)
        copied.keySet().forEach(arrays::release);
        ph.values().forEach(arrays::release);
        int[] targets = null;
        if (r.needsBackward()) {
            targets = r.targets().clone();
            int c = info.numClasses();
            for (int i = 0; i < targets.length; i++) {
                if (targets[i] == PassRequest.TOP_CLASS) {
                    targets[i] = argmax(logits.data(), i * c, c);
                }
            }
        }
        return new PassResult(logits, caps, g, targets, System.nanoTime() - t0);
    }

    /** The first index of the largest of {@code n} values from {@code off}: the graph's arg-max rule. */
    private static int argmax(float[] v, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[off + i] > v[off + best]) {
                best = i;
            }
        }
        return best;
    }

    private static Tensor copy(Map<INDArray, Tensor> copied, INDArray a, String name) {
        if (a == null) {
            throw new IllegalStateException("SameDiff returned no array for '" + name + "'");
        }
        return copied.computeIfAbsent(a, x -> new Tensor(floats(x), x.shape()));
    }

    /** The values in row-major order, read straight from the buffer when it holds exactly them. */
    private static float[] floats(INDArray x) {
        if (x.dataType() == DataType.FLOAT && x.ordering() == 'c' && x.offset() == 0 && Shape.hasDefaultStridesForShape(x)
                && x.data().length() == x.length()) {
            return x.data().asFloat();
        }
        INDArray c = x.castTo(DataType.FLOAT).dup('c');
        float[] v = c.data().asFloat();
        c.close();
        return v;
    }

    /** Closes the graph's arrays: their native memory goes now, or at garbage collection where an op context still refers to it. */
    private static void release(java.util.Collection<INDArray> arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }

    private <T> T onWorker(java.util.concurrent.Callable<T> task) {
        if (closed) {
            throw new IllegalStateException("model " + (info == null ? "" : info.name()) + " is closed");
        }
        Future<T> f = worker.submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            // never interrupt the worker inside SameDiff: the run finishes and its result is dropped
            f.cancel(false);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running the model", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        worker.submit(() -> {
            releaseGraph(graph.sd());
            ruleGraphs.values().forEach(g -> releaseGraph(g.sd()));
            interventionGraphs.values().forEach(g -> releaseGraph(g.sd()));
            arrays.close();
        });
        worker.shutdown();
        closeQuietly(resources);
    }

    /** SameDiff has no close(): free the constants' and variables' arrays by hand. */
    private static void releaseGraph(SameDiff sd) {
        sd.clearPlaceholders(true);
        sd.clearOpInputs();
        List<INDArray> arrays = new ArrayList<>();
        for (var v : sd.variables()) {
            if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.CONSTANT
                    || v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                arrays.add(v.getArr());
            }
        }
        release(arrays);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort
        }
    }

    @Override
    public String toString() {
        return "VisionModel[" + info.name() + ", " + info.family() + ", " + info.format() + "]";
    }
}
