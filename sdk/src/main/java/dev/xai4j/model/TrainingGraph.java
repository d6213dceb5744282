package dev.xai4j.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code model} lends to training ({@code dev.xai4j.train}): a built-in family's network built
 * by the same graph builder as an inference graph, but with its parameters as trainable variables and
 * batch norm on batch statistics, from the input placeholder to the logits, with no target end and no
 * loss, and the few graph values that training losses read ({@link Taps}). The caller adds its
 * placeholders, losses and optimiser to {@link #sd()}; nothing here computes a loss.
 */
public final class TrainingGraph {

    static {
        NativeBackend.init();
    }

    private final GraphBuilder builder;
    private final SDVariable input;
    private final SDVariable logits;
    private final Map<String, String> captures;
    private final Map<String, GraphBuilder.Binding> parameters;
    private Taps taps;

    TrainingGraph(GraphBuilder builder, SDVariable input, SDVariable logits, Map<String, String> captures,
                  Map<String, GraphBuilder.Binding> parameters) {
        this.builder = builder;
        this.input = input;
        this.logits = logits;
        this.captures = captures;
        this.parameters = parameters;
    }

    /** A ViT's network, its parameters variables started from {@code init}, for 3 × imageSize² inputs. */
    public static TrainingGraph vit(ViTConfig config, Weights init) {
        return new ViTGraphBuilder(config, init, true, GradientRules.STANDARD)
                .buildTrainable(3, config.imageSize(), config.imageSize());
    }

    /** A ResNet's network, its parameters variables started from {@code init}, for 3 × imageSize² inputs. */
    public static TrainingGraph resnet(ResNetConfig config, Weights init) {
        return new ResNetGraphBuilder(config, init, true, GradientRules.STANDARD)
                .buildTrainable(3, config.imageSize(), config.imageSize());
    }

    /**
     * A checkpoint that {@link VisionModel#load} reads, opened to train further: its configuration and
     * weights, for {@link #vit} or {@link #resnet}. Close it once the graph is built (the graph holds
     * copies of the weights).
     *
     * @throws CheckpointException      if the checkpoint cannot be read
     * @throws IllegalArgumentException if it holds a model of another family than the built-in ViT and ResNet
     */
    public static Saved read(Path checkpoint) {
        ModelSpec spec = CheckpointLoader.load(checkpoint);
        if (spec.vit() == null && spec.resnet() == null) {
            try {
                spec.resources().close();
            } catch (Exception e) {
                // reading failed anyway; the message below says why
            }
            throw new IllegalArgumentException("only ViTs and ResNets can be trained; " + checkpoint + " holds a "
                    + spec.definition().family());
        }
        return new Saved(spec.vit(), spec.resnet(), spec.weights(), spec.resources());
    }

    /**
     * A saved model of a built-in family.
     *
     * @param vit     its configuration if it is a ViT, else null
     * @param resnet  its configuration if it is a ResNet, else null (exactly one of the two is set)
     * @param weights its parameters by canonical name
     * @param file    what {@link #close} closes: the weights' file
     */
    public record Saved(ViTConfig vit, ResNetConfig resnet, Weights weights, AutoCloseable file) implements AutoCloseable {
        @Override
        public void close() {
            try {
                file.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot close " + file, e);
            }
        }
    }

    /** The graph; its parameters are variables named as {@link #parameters} says. */
    public SameDiff sd() {
        return builder.sd;
    }

    /** Placeholder of the preprocessed batch [B, 3, H, W]. */
    public SDVariable input() {
        return input;
    }

    /** The logits [B, C]. */
    public SDVariable logits() {
        return logits;
    }

    /** Capture-point name ({@link CapturePoints}) → graph variable name. */
    public Map<String, String> captures() {
        return captures;
    }

    /**
     * The values the training losses read; built on first call, after which the graph holds the ops
     * that make them.
     */
    public Taps taps() {
        if (taps == null) {
            taps = builder.trainingTaps();
        }
        return taps;
    }

    /**
     * Graph values of the batch statistics that batch norm trains on, to estimate running statistics
     * from: {@code bn.batch_mean} and {@code bn.batch_var} [1, C, 1, 1] for each batch norm {@code bn}
     * (canonical name, e.g. {@code layer1.0.bn1}); empty for a network without batch norm.
     */
    public List<String> batchStatistics() {
        return sd().variables().stream().map(SDVariable::name)
                .filter(n -> n.endsWith(".batch_mean") || n.endsWith(".batch_var")).toList();
    }

    /**
     * The current parameters in canonical naming and PyTorch layout, in the order the graph was built
     * from them (batch-norm running statistics are not parameters of this graph).
     */
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, GraphBuilder.Binding> e : parameters.entrySet()) {
            GraphBuilder.Binding b = e.getValue();
            INDArray a = sd().getVariable(b.variable()).getArr();
            INDArray canonical = switch (b.layout()) {
                case AS_IS -> a;
                case TRANSPOSED -> a.transpose();
                case KERNEL -> a.permute(3, 2, 0, 1);
            };
            out.put(e.getKey(), new Tensor(canonical.dup('c').data().asFloat(), b.shape().clone()));
        }
        return out;
    }

    /**
     * The graph values that training losses read.
     *
     * @param positions        the final feature grid as the classifier reads it, one row per position
     *                         [B·P, width] (batch, then row-major): a ViT's patch tokens after the final
     *                         LayerNorm, a ResNet's last feature-map cells; the classifier applied to a
     *                         row gives that position's class scores
     * @param width            channels of a position
     * @param grid             positions per side (P = grid²): a ViT's patch grid, a ResNet's last map
     * @param classes          C
     * @param classifierWeight the classifier's weight as the graph holds it, [width, C] (transposed)
     * @param classifierBias   the classifier's bias [C]
     * @param classToken       the last block around the CLS token, for a ViT that classifies its CLS
     *                         token; empty for a ResNet or a ViT that pools its patch tokens
     */
    public record Taps(SDVariable positions, int width, int grid, int classes, SDVariable classifierWeight,
                       SDVariable classifierBias, Optional<ClassToken> classToken) {
    }

    /**
     * A ViT's last block as its CLS token sees it (N tokens, D wide, H heads).
     *
     * @param prefixTokens  tokens before the patches, the CLS token first
     * @param attention     the last block's attention [B, H, N, N] (after softmax)
     * @param values        the last block's values [B, H, N, D/H]
     * @param projection    the last block's attention output projection's weight as the graph holds it,
     *                      [D, D] (transposed: values · projection is what the block adds)
     * @param finalNormGain the final LayerNorm's gain [D]
     * @param beforeMlp     the CLS token's state before the last block's MLP [B, D]
     * @param mlpOutput     what the last block's MLP adds to the CLS token [B, D]
     */
    public record ClassToken(int prefixTokens, SDVariable attention, SDVariable values, SDVariable projection,
                             SDVariable finalNormGain, SDVariable beforeMlp, SDVariable mlpOutput) {
    }
}
