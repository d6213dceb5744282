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
     * Per-position class logits [B·P, classes + 1] (the last class is "background") over the final
     * feature grid (a ViT's patch tokens, a ResNet's last feature map cells; row-major), for dense
     * labels; after {@link #network}. Its weights are training-only variables, never saved.
     */
    SDVariable denseLogits() {
        throw new IllegalArgumentException("dense labels need a ViT or a ResNet");
    }

    /** A training-only linear head [B·P, width] → [B·P, outputs], N(0, 0.02²) start. */
    final SDVariable denseHead(SDVariable positions, int width, int outputs) {
        return denseHead("dense_head", positions, width, outputs);
    }

    /** As {@link #denseHead(SDVariable, int, int)}, its variables named {@code name}.weight|bias. */
    final SDVariable denseHead(String name, SDVariable positions, int width, int outputs) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(width);
        int k = outputs;
        float[] w = new float[width * k];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * 0.02);
        }
        SDVariable weight = sd.var(name + ".weight", array(new Tensor(w, new long[]{width, k})));
        SDVariable bias = sd.var(name + ".bias", Nd4j.zeros(DataType.FLOAT, k));
        return sd.mmul(positions, weight).add(bias);
    }

    /**
     * Per image, the squared size of what the last block's MLP adds to the CLS token relative to the
     * CLS token before it, ‖m‖² / ‖x₁‖² [B]; after {@link #network}. Only a ViT with a CLS token has one.
     */
    SDVariable classTokenMlpShare() {
        throw new IllegalArgumentException("a CLS-MLP loss needs a ViT with a CLS token");
    }

    /**
     * Per patch token, the classifier's reading of what the token passes to the CLS token in the last
     * block (its values through the output projection, layer-normalised with the final norm's gain, then
     * the head's weights), plus a training-only background score [B·P, classes + 1]; after
     * {@link #network}. Only a ViT with a CLS token has one.
     */
    SDVariable valueLogits() {
        throw new IllegalArgumentException("a value-evidence loss needs a ViT with a CLS token");
    }

    /**
     * Per image, the object-attention loss term −Σ_p q_p log(â_p + ε) [B] (see {@link LossWeights}),
     * its targets from the dense labels [B·P, classes + 1] (background last); after {@link #network}.
     * Only a ViT with a CLS token has one.
     */
    SDVariable objectAttentionLoss(SDVariable denseLabels) {
        throw new IllegalArgumentException("an object-attention loss needs a ViT with a CLS token");
    }

    /**
     * Builds a training graph: parameters are variables, batch norm uses batch statistics, and the
     * loss is the mean softmax cross-entropy against the placeholder {@code labels} (target
     * distributions [B, C]) plus the auxiliary losses of {@code weights} (see {@link LossWeights}),
     * the first two against the placeholder {@link Graph#DENSE_LABELS} [B·P, C + 1]: dense labels
     * through {@link #denseLogits}, value evidence through {@link #valueLogits}, object attention
     * through {@link #objectAttentionLoss}; then the CLS-MLP share ({@link #classTokenMlpShare}). The graph's {@code targetScore} stays the class loss alone.
     */
    final Graph buildForTraining(int channels, int height, int width, LossWeights weights) {
        if (!training) {
            throw new IllegalStateException("builder was made for inference");
        }
        SDVariable input = sd.placeHolder("input", DataType.FLOAT, -1, channels, height, width);
        SDVariable logits = network(capture(CapturePoints.PIXELS, sd.identity(CapturePoints.PIXELS, input)));
        capture(CapturePoints.LOGITS, logits);
        SDVariable labels = sd.placeHolder("labels", DataType.FLOAT, -1, classes());
        SDVariable classLoss = sd.loss.softmaxCrossEntropy("class_loss", labels, logits, null);
        SDVariable loss = classLoss;
        if (weights.denseLabels() > 0) {
            SDVariable denseLabels = sd.placeHolder(Graph.DENSE_LABELS, DataType.FLOAT, -1, classes() + 1);
            // The weight goes into the loss op: a multiplier applied to its output was ignored by the
            // backward pass in 1.0.0-M2.1 (the dense head's gradient was that of weight 1 whatever the
            // weight; a finite-difference check found it, see TrainingGradientTest).
            SDVariable weight = sd.constant("dense_loss_weight", Nd4j.scalar((float) weights.denseLabels()));
            SDVariable denseLoss = sd.loss.softmaxCrossEntropy("dense_loss", denseLabels, denseLogits(), weight);
            loss = loss.add(denseLoss);
            if (weights.valueEvidence() > 0) {
                SDVariable w = sd.constant("value_loss_weight", Nd4j.scalar((float) weights.valueEvidence()));
                loss = loss.add(sd.loss.softmaxCrossEntropy("value_loss", denseLabels, valueLogits(), w));
            }
            if (weights.objectAttention() > 0) {
                loss = loss.add(objectAttentionLoss(denseLabels).mean().mul(weights.objectAttention()));
            }
        }
        if (weights.classTokenMlp() > 0) {
            loss = loss.add(classTokenMlpShare().mean().mul(weights.classTokenMlp()));
        }
        loss = sd.identity("loss", loss);
        sd.setLossVariables(loss);
        return new Graph(sd, input.name(), labels.name(), null, classLoss.name(),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(captures)),
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters)));
    }

    /** Builds the inference graph. */
    final Graph build(int channels, int height, int width) {
        if (training) {
            throw new IllegalStateException("builder was made for training");
        }
        SDVariable input = sd.placeHolder("input", DataType.FLOAT, -1, channels, height, width);
        SDVariable anchor = sd.var("gradient_anchor", Nd4j.scalar(0f));
        SDVariable pixels = input.add(CapturePoints.PIXELS, anchor);
        capture(CapturePoints.PIXELS, pixels);
        SDVariable logits = network(pixels);
        capture(CapturePoints.LOGITS, logits);
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
