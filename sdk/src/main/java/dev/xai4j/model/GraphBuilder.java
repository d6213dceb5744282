package dev.xai4j.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.transforms.custom.XwPlusB;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a model's SameDiff graph from pixels to logits; a {@link ModelFamily} supplies one through its
 * {@link ModelDefinition}. A subclass writes only {@link #network} (and {@link #classes}); this class adds
 * the input end (placeholder, gradient anchor, {@link CapturePoints#PIXELS}), the target end (one-hot
 * mask and target score), and reads parameters from {@link Weights} ({@link #weight}, {@link #linear}).
 * Register every intermediate value that explainers may ask for with {@link #capture}, under the names
 * of {@link CapturePoints}, on the data path so that its gradient exists, and continue from the value it
 * returns (a graph variant changes it there: see {@link Intervention}).
 *
 * <p>Gradients: SameDiff differentiates only towards trainable variables, and every weight here is a
 * constant (no weight gradients wanted). A scalar zero variable added to the input (the anchor)
 * makes the graph differentiable, so gradients reach the pixels and every capture point.
 */
public abstract class GraphBuilder {

    static {
        NativeBackend.init();
    }

    /** How a parameter is laid out in the graph relative to its canonical (PyTorch) layout. */
    public enum Layout {
        /** as stored */
        AS_IS,
        /** a [out, in] matrix stored as [in, out] so that x · W needs no transpose */
        TRANSPOSED,
        /** a [out, in, kh, kw] convolution kernel stored as SameDiff's default [kh, kw, in, out] */
        KERNEL
    }

    /**
     * Where a canonical parameter lives in the graph.
     *
     * @param variable the graph variable, or null when the parameter was folded into others
     */
    record Binding(String variable, Layout layout, long[] shape) {
    }

    /** The graph being built. */
    protected final SameDiff sd = SameDiff.create();
    /** Where parameters come from. */
    protected final Weights weights;
    /** Training graphs hold their parameters as trainable variables and use batch statistics. */
    protected final boolean training;
    /** How the backward pass of this graph is modified (inference graphs only). */
    protected final GradientRules rules;
    final Map<String, String> captures = new LinkedHashMap<>();
    /** Every parameter the graph was built from, for {@link VisionModel#parameter} and for saving. */
    final Map<String, Binding> parameters = new LinkedHashMap<>();
    /** The capture point whose value passes may change ({@link Intervention}), or null; and its rank with the batch. */
    private String interventionPoint;
    private int interventionRank;

    /**
     * @param weights  the parameters
     * @param training whether parameters become trainable variables (the SDK's own training only)
     * @param rules    how the backward pass is modified; {@link GradientRules#STANDARD} for plain autodiff
     */
    protected GraphBuilder(Weights weights, boolean training, GradientRules rules) {
        this.weights = weights;
        this.training = training;
        this.rules = rules;
    }

    /** x forward, no gradient back. */
    protected final SDVariable stop(SDVariable x) {
        return new StopGradient(sd, x).outputVariable();
    }

    /** x forward, gradient multiplied by {@code s} on the way back: stop(x)·(1 − s) + x·s. */
    protected final SDVariable scaleGradient(SDVariable x, double s) {
        return stop(x).mul(1 - s).add(x.mul(s));
    }

    /**
     * {@code forward}'s value with {@code h}'s gradient: stop(forward) + h − stop(h). How a
     * modified-gradient (LRP) rule is written: h is chosen so that its Jacobian is the rule's.
     */
    protected final SDVariable withGradientOf(SDVariable forward, SDVariable h) {
        return stop(forward).add(h.sub(stop(h)));
    }

    /** Builds the network from {@code pixels} [B,3,H,W] to logits [B,C]. */
    protected abstract SDVariable network(SDVariable pixels);

    /** The number of classes. */
    protected abstract int classes();

    /**
     * Builds the network for training ({@link TrainingGraph}): the input placeholder, then
     * {@link #network} straight from it (no gradient anchor: the parameters are the variables), with no
     * target end and no loss.
     */
    final TrainingGraph buildTrainable(int channels, int height, int width) {
        if (!training) {
            throw new IllegalStateException("builder was made for inference");
        }
        SDVariable input = sd.placeHolder("input", DataType.FLOAT, -1, channels, height, width);
        SDVariable logits = network(capture(CapturePoints.PIXELS, sd.identity(CapturePoints.PIXELS, input)));
        capture(CapturePoints.LOGITS, logits);
        return new TrainingGraph(this, input, logits,
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(captures)),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters)));
    }

    /** The values training losses read ({@link TrainingGraph#taps}); after {@link #network}. Built-in builders only. */
    TrainingGraph.Taps trainingTaps() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be trained here");
    }

    /** Builds the inference graph. */
    final Graph build(int channels, int height, int width) {
        if (training) {
            throw new IllegalStateException("builder was made for training");
        }
        SDVariable input = sd.placeHolder("input", DataType.FLOAT, -1, channels, height, width);
        SDVariable anchor = sd.var("gradient_anchor", Nd4j.scalar(0f));
        SDVariable pixels = input.add(CapturePoints.PIXELS, anchor);
        pixels = capture(CapturePoints.PIXELS, pixels);
        SDVariable logits = capture(CapturePoints.LOGITS, network(pixels));
        // The target of each image is an explicit one-hot row, or (top_weight = 1) the image's own
        // arg-max class, found inside the graph so that "explain the top class" needs no extra forward
        // pass. The arg-max path carries no gradient.
        SDVariable mask = sd.placeHolder("target_mask", DataType.FLOAT, -1, classes());
        SDVariable topWeight = sd.placeHolder("top_weight", DataType.FLOAT, -1, 1);
        SDVariable frozen = new StopGradient(sd, logits).outputVariable();
        SDVariable top = sd.oneHot(sd.argmax(frozen, 1), classes()).castTo(DataType.FLOAT);
        SDVariable effective = mask.add(top.mul(topWeight));
        SDVariable score = sd.sum("target_score", logits.mul(effective));
        sd.setLossVariables(score);
        return new Graph(sd, input.name(), mask.name(), topWeight.name(), score.name(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(captures)),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters)));
    }

    /**
     * Registers {@code v} as capture point {@code name}; returns v, or in a graph built to change that
     * point ({@link #intervene}) v ⊙ keep + fill with the placeholders {@link Graph#INTERVENTION_KEEP} and
     * {@link Graph#INTERVENTION_FILL}.
     */
    protected final SDVariable capture(String name, SDVariable v) {
        if (name.equals(interventionPoint)) {
            long[] shape = new long[interventionRank];
            java.util.Arrays.fill(shape, -1);
            SDVariable keep = sd.placeHolder(Graph.INTERVENTION_KEEP, DataType.FLOAT, shape);
            SDVariable fill = sd.placeHolder(Graph.INTERVENTION_FILL, DataType.FLOAT, shape);
            v = v.mul(keep).add(fill);
        }
        captures.put(name, v.name());
        return v;
    }

    /** Builds the graph so that passes can change capture point {@code point} (of {@code rank} dimensions, batch included). */
    final GraphBuilder intervene(String point, int rank) {
        this.interventionPoint = point;
        this.interventionRank = rank;
        return this;
    }

    /** A parameter's values, checked against {@code shape}, recorded as folded into other graph values. */
    protected final Tensor param(String name, long... shape) {
        Tensor t = weights.get(name, shape);
        parameters.put(name, new Binding(null, Layout.AS_IS, t.shape().clone()));
        return t;
    }

    /**
     * A parameter as a graph value in the given layout: a constant for inference, a trainable variable
     * for training.
     */
    protected final SDVariable weight(String name, Layout layout, long... shape) {
        Tensor t = weights.get(name, shape);
        INDArray a = array(t);
        String graphName = switch (layout) {
            case AS_IS -> name;
            case TRANSPOSED -> name + "_t";
            case KERNEL -> name + "_yxio";
        };
        INDArray laidOut = switch (layout) {
            case AS_IS -> a;
            case TRANSPOSED -> a.transpose().dup('c');
            case KERNEL -> a.permute(2, 3, 1, 0).dup('c');
        };
        if (laidOut != a) {
            // the canonical copy is garbage now; free it rather than leave a model's worth of native
            // memory to the garbage collector
            a.close();
        }
        a = laidOut;
        parameters.put(name, new Binding(graphName, layout, t.shape().clone()));
        return training ? sd.var(graphName, a) : sd.constant(graphName, a);
    }

    /** A parameter in its own layout. */
    protected final SDVariable constant(String name, long... shape) {
        return weight(name, Layout.AS_IS, shape);
    }

    /** A derived, never-trained constant. */
    protected final SDVariable constant(String name, Tensor t) {
        return sd.constant(name, array(t));
    }

    static INDArray array(Tensor t) {
        return Nd4j.create(t.data(), t.shape(), DataType.FLOAT);
    }

    /** x [M, in] · Wᵀ + b with PyTorch's [out, in] weight layout, for the weight pair {@code prefix}.{weight,bias}. */
    protected final SDVariable linear(String prefix, SDVariable x2d, int in, int out, boolean bias) {
        SDVariable w = weight(prefix + ".weight", Layout.TRANSPOSED, out, in);
        // Inference linears are xw_plus_b: its gradient is three separate ops (x, W, b), so a pass runs
        // only the one for x, where matmul's backward is one op that also computes the constant weight's
        // gradient, a third of a linear layer's forward + backward work. Its output is right only in a
        // row-major array: SameDiff's ArrayCacheMemoryMgr hands out reused arrays with a flipped order
        // flag and gave wrong ViT outputs with it, so VisionModel's sessions take their arrays from
        // ArrayPool. Only for output widths that are a multiple of 16: oneDNN's inner product (behind
        // xw_plus_b) took 6-20x longer than matmul + add otherwise, e.g. 25 ms instead of 4 ms for a
        // 768 → 1000 classifier at batch 1, 68 ms instead of 4 ms for ResNet-50's 2048 → 1000
        // (AVX-512 build; widths 960 and 1024 were fast).
        if (bias && !training && out % 16 == 0) {
            return new XwPlusB(sd, x2d, w, constant(prefix + ".bias", out)).outputVariable();
        }
        SDVariable y = sd.mmul(x2d, w);
        return bias ? y.add(constant(prefix + ".bias", out)) : y;
    }

    /**
     * A 2-D convolution of {@code x} [B, in, h, w] with the parameter {@code prefix}.weight [out, in, k, k]
     * (PyTorch layout) and, if {@code bias}, {@code prefix}.bias [out]; square kernel, stride and zero padding.
     */
    protected final SDVariable conv2d(String prefix, SDVariable x, int in, int out, int k, int stride, int pad,
                                      boolean bias) {
        SDVariable kernel = weight(prefix + ".weight", Layout.KERNEL, out, in, k, k);
        Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad).dH(1).dW(1)
                .dataFormat("NCHW").build();
        return bias ? sd.cnn.conv2d(x, kernel, constant(prefix + ".bias", out), cfg) : sd.cnn.conv2d(x, kernel, cfg);
    }

    /**
     * A depthwise convolution (PyTorch's {@code groups = channels}) of {@code x} [B, C, h, w] with
     * {@code prefix}.weight [C, 1, k, k] and, if {@code bias}, {@code prefix}.bias [C].
     */
    protected final SDVariable depthwiseConv2d(String prefix, SDVariable x, int channels, int k, int stride, int pad,
                                               boolean bias) {
        // KERNEL lays [C, 1, k, k] out as [k, k, 1, C]: the same element order as the [k, k, C, 1]
        // (channels × multiplier 1) that depthwise_conv2d takes, so a reshape suffices
        SDVariable kernel = sd.reshape(weight(prefix + ".weight", Layout.KERNEL, channels, 1, k, k), k, k, channels, 1);
        Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad).dH(1).dW(1)
                .dataFormat("NCHW").build();
        return bias ? sd.cnn.depthWiseConv2d(x, kernel, constant(prefix + ".bias", channels), cfg)
                : sd.cnn.depthWiseConv2d(x, kernel, cfg);
    }
}
