package dev.xai4j.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the ViT and ResNet builders share: the input end (placeholder, gradient anchor, pixel
 * capture), the target end (one-hot mask and target score), and constants from {@link Weights}.
 *
 * <p>Gradients: SameDiff differentiates only towards trainable variables, and every weight here is a
 * constant (no weight gradients wanted). A scalar zero variable added to the input (the anchor)
 * makes the graph differentiable, so gradients reach the pixels and every capture point.
 */
abstract class GraphBuilder {

    static {
        NativeBackend.init();
    }

    final SameDiff sd = SameDiff.create();
    final Weights weights;
    final Map<String, String> captures = new LinkedHashMap<>();
    /** Every parameter the graph was built from, with its shape, for {@link VisionModel#parameter}. */
    final Map<String, long[]> parameters = new LinkedHashMap<>();

    GraphBuilder(Weights weights) {
        this.weights = weights;
    }

    /** Builds the network from {@code pixels} [B,3,H,W] to logits [B,C]. */
    abstract SDVariable network(SDVariable pixels);

    /** The number of classes. */
    abstract int classes();

    /** Builds the whole graph. */
    final Graph build(int channels, int height, int width) {
        SDVariable input = sd.placeHolder("input", DataType.FLOAT, -1, channels, height, width);
        SDVariable anchor = sd.var("gradient_anchor", Nd4j.scalar(0f));
        SDVariable pixels = input.add(Graph.PIXELS, anchor);
        capture(Graph.PIXELS, pixels);
        SDVariable logits = network(pixels);
        capture(Graph.LOGITS, logits);
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
        return new Graph(sd, input.name(), mask.name(), topWeight.name(), score.name(), Map.copyOf(captures),
                Map.copyOf(parameters));
    }

    /** Registers {@code v} as capture point {@code name}; returns v. */
    final SDVariable capture(String name, SDVariable v) {
        captures.put(name, v.name());
        return v;
    }

    /** A parameter from the weights, checked against {@code shape} and recorded. */
    final Tensor param(String name, long... shape) {
        Tensor t = weights.get(name, shape);
        parameters.put(name, t.shape().clone());
        return t;
    }

    /** A constant from the weights, checked against {@code shape}. */
    final SDVariable constant(String name, long... shape) {
        return constant(name, param(name, shape));
    }

    final SDVariable constant(String name, Tensor t) {
        return sd.constant(name, array(t));
    }

    static INDArray array(Tensor t) {
        return Nd4j.create(t.data(), t.shape(), DataType.FLOAT);
    }

    /** x [M, in] · Wᵀ + b with PyTorch's [out, in] weight layout, for the weight pair {@code prefix}.{weight,bias}. */
    final SDVariable linear(String prefix, SDVariable x2d, int in, int out, boolean bias) {
        Tensor w = param(prefix + ".weight", out, in);
        SDVariable wt = sd.constant(prefix + ".weight_t", array(w).transpose().dup('c'));
        SDVariable y = sd.mmul(x2d, wt);
        return bias ? y.add(constant(prefix + ".bias", out)) : y;
    }
}
