package dev.xai4j.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * Builds a torchvision ResNet in evaluation mode. Batch norm is applied as a per-channel scale and
 * shift, γ/√(var + ε) and β − mean·γ/√(var + ε) with ε = 1e-5; a checkpoint whose batch norms were
 * folded into biased convolutions is read as such.
 *
 * <p>Capture points: {@code conv1} (stem convolution, before its batch norm), {@code stem} (after
 * the max pool), per block {@code layerS.B.convK} (each convolution's output, before batch norm),
 * {@code layerS.B.downsample} (the shortcut's convolution), {@code layerS.B} (block output after its
 * final ReLU), {@code features} (the last block's output), {@code pooled} [B, C4] and
 * {@code logits}.
 */
final class ResNetGraphBuilder extends GraphBuilder {

    private static final double BN_EPS = 1e-5;

    private final ResNetConfig c;

    /**
     * Which LRP rule applies where (the zennit split: a rule says what is computed, a composite says
     * where each rule applies, batch-norm folding is the canonisation that precedes both).
     *
     * @param firstConv  rule of the stem convolution
     * @param conv       rule of every other convolution (shortcuts included)
     * @param classifier rule of the fully connected classifier
     */
    record Composite(Rule firstConv, Rule conv, Rule classifier) {
        /** ε (classifier) / z⁺ (convolutions) / flat (stem). */
        static final Composite EPSILON_ZPLUS_FLAT = new Composite(Rule.FLAT, Rule.ZPLUS, Rule.EPSILON);
    }

    /** What an LRP rule computes for a linear layer z = W·x + b, in Gradient×Input form. */
    enum Rule {
        /** R_in = x ⊙ Wᵀ(R / (z + ε·sign z)), ε = 1e-6, bias included (it absorbs relevance). */
        EPSILON,
        /** R_in = x ⊙ W⁺ᵀ(R / (W⁺·x + 1e-9)), bias ignored. */
        ZPLUS,
        /**
         * Each output's relevance spread evenly over its receptive field; it does not depend on the
         * input, so the graph passes the plain gradient and the explainer redistributes the
         * relevance found at the layer's output.
         */
        FLAT
    }

    private final Composite composite;
    /** The last feature map [B, C, h, w] and its channels, kept for {@link #trainingTaps}. */
    private SDVariable finalMap;
    private int finalWidth;

    ResNetGraphBuilder(ResNetConfig config, Weights weights, boolean training, GradientRules rules) {
        super(weights, training, rules);
        this.c = config;
        if (rules == GradientRules.ATTN_LRP || rules == GradientRules.CP_LRP) {
            throw new IllegalArgumentException(rules + " is for ViTs; use EPSILON_ZPLUS_FLAT for a ResNet");
        }
        this.composite = rules == GradientRules.EPSILON_ZPLUS_FLAT ? Composite.EPSILON_ZPLUS_FLAT : null;
    }

    @Override
    protected int classes() {
        return c.numClasses();
    }

    @Override
    protected SDVariable network(SDVariable pixels) {
        SDVariable x = sd.nn.relu(convBn("conv1", "bn1", CapturePoints.STEM_CONV, pixels, 3, c.stemWidth(), 7, 2, 3), 0);
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(3).kW(3).sH(2).sW(2).pH(1).pW(1).dH(1).dW(1)
                .isNHWC(false).build();
        x = capture(CapturePoints.STEM, sd.cnn.maxPooling2d(CapturePoints.STEM, x, pool));
        int in = c.stemWidth();
        String last = null;
        for (int s = 0; s < c.blocks().length; s++) {
            for (int b = 0; b < c.blocks()[s]; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                x = c.bottleneck() ? bottleneck(s + 1, b, x, in, c.widths()[s], stride) : basic(s + 1, b, x, in, c.widths()[s], stride);
                in = c.widths()[s] * c.expansion();
                last = CapturePoints.stageBlock(s + 1, b);
            }
        }
        captures.put(CapturePoints.FEATURES, captures.get(last));
        finalMap = x;
        finalWidth = in;
        SDVariable pooled = capture(CapturePoints.POOLED, x.mean(CapturePoints.POOLED, 2, 3));
        SDVariable logits = linear("fc", pooled, in, c.numClasses(), true);
        if (composite != null && composite.classifier() == Rule.EPSILON) {
            SDVariable sign = sd.math.sign(logits);
            SDVariable ratio = stop(logits.div(logits.add(sign.mul(1e-6))));
            SDVariable wt = sd.getVariable("fc.weight_t");
            logits = withGradientOf(logits, sd.mmul(pooled, wt).mul(ratio));
        }
        return sd.identity(CapturePoints.LOGITS, logits);
    }

    /** Positions are the last feature map's cells, the classifier is {@code fc}; no CLS token. */
    @Override
    TrainingGraph.Taps trainingTaps() {
        SDVariable cells = sd.reshape(finalMap.permute(0, 2, 3, 1), -1, finalWidth);
        // the stem divides the input by 4, every later stage by 2
        int grid = c.imageSize() / (4 << (c.blocks().length - 1));
        return new TrainingGraph.Taps(cells, finalWidth, grid, c.numClasses(), sd.getVariable("fc.weight_t"),
                sd.getVariable("fc.bias"), java.util.Optional.empty());
    }

    private SDVariable basic(int stage, int block, SDVariable x, int in, int width, int stride) {
        String n = CapturePoints.stageBlock(stage, block);
        SDVariable y = sd.nn.relu(convBn(n + ".conv1", n + ".bn1", CapturePoints.stageConv(stage, block, 1), x, in, width, 3, stride, 1), 0);
        y = convBn(n + ".conv2", n + ".bn2", CapturePoints.stageConv(stage, block, 2), y, width, width, 3, 1, 1);
        return residual(stage, block, x, y, in, width, stride);
    }

    private SDVariable bottleneck(int stage, int block, SDVariable x, int in, int width, int stride) {
        // parameter names (torchvision's) and capture names (the contract) happen to share the block prefix
        String n = CapturePoints.stageBlock(stage, block);
        int out = width * 4;
        SDVariable y = sd.nn.relu(convBn(n + ".conv1", n + ".bn1", CapturePoints.stageConv(stage, block, 1), x, in, width, 1, 1, 0), 0);
        y = sd.nn.relu(convBn(n + ".conv2", n + ".bn2", CapturePoints.stageConv(stage, block, 2), y, width, width, 3, stride, 1), 0);
        y = convBn(n + ".conv3", n + ".bn3", CapturePoints.stageConv(stage, block, 3), y, width, out, 1, 1, 0);
        return residual(stage, block, x, y, in, out, stride);
    }

    private SDVariable residual(int stage, int block, SDVariable x, SDVariable y, int in, int out, int stride) {
        String n = CapturePoints.stageBlock(stage, block);
        SDVariable shortcut = x;
        if (weights.has(n + ".downsample.0.weight")) {
            shortcut = convBn(n + ".downsample.0", n + ".downsample.1", CapturePoints.stageDownsample(stage, block), x, in, out, 1, stride, 0);
        } else if (in != out || stride != 1) {
            throw new CheckpointException("block " + n + " changes shape (" + in + "→" + out + " channels, stride "
                    + stride + ") but has no downsample.0.weight in " + weights);
        }
        return capture(n, sd.nn.relu(n, y.add(shortcut), 0));
    }

    /**
     * A convolution and the batch norm after it. Normally the convolution's output (before batch norm)
     * is captured under {@code captureName}; under an LRP composite the batch norm is folded into the
     * convolution first and the folded output is captured, with the composite's rule on its gradient.
     */
    private SDVariable convBn(String convPrefix, String bn, String captureName, SDVariable x, int in, int out, int k,
                              int stride, int pad) {
        Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad).dH(1).dW(1)
                .dataFormat("NCHW").build();
        if (composite == null) {
            SDVariable kernel = weight(convPrefix + ".weight", Layout.KERNEL, out, in, k, k);
            SDVariable y = capture(captureName, sd.cnn.conv2d(captureName, x, kernel, cfg));
            return batchNorm(bn, convPrefix, y, out);
        }
        Tensor w = param(convPrefix + ".weight", out, in, k, k);
        float[][] scaleShift = batchNormScaleShift(bn, convPrefix, out);
        float[] folded = w.data().clone();
        int per = in * k * k;
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < per; i++) {
                folded[o * per + i] *= scaleShift[0][o];
            }
        }
        SDVariable kernel = constant(convPrefix + ".folded_yxio",
                new Tensor(array(Tensor.of(folded, out, in, k, k)).permute(2, 3, 1, 0).dup('c').data().asFloat(),
                        new long[]{k, k, in, out}));
        SDVariable z = sd.cnn.conv2d(x, kernel, constant(convPrefix + ".folded_bias", Tensor.of(scaleShift[1], out)), cfg);
        Rule rule = convPrefix.equals("conv1") ? composite.firstConv() : composite.conv();
        if (rule == Rule.ZPLUS) {
            float[] positive = folded.clone();
            for (int i = 0; i < positive.length; i++) {
                positive[i] = Math.max(0f, positive[i]);
            }
            SDVariable kernelPlus = constant(convPrefix + ".positive_yxio",
                    new Tensor(array(Tensor.of(positive, out, in, k, k)).permute(2, 3, 1, 0).dup('c').data().asFloat(),
                            new long[]{k, k, in, out}));
            SDVariable zPlus = sd.cnn.conv2d(x, kernelPlus, cfg);
            z = withGradientOf(z, zPlus.mul(stop(z.div(zPlus.add(1e-9)))));
        }
        return capture(captureName, sd.identity(captureName, z));
    }

    /**
     * Batch norm {@code bn} as a per-channel (scale, shift): γ/√(var + ε) and β − mean·γ/√(var + ε);
     * for a checkpoint whose batch norms were already folded, (1, the convolution's bias).
     */
    private float[][] batchNormScaleShift(String bn, String convPrefix, int ch) {
        float[] scale = new float[ch];
        float[] shift = new float[ch];
        if (!weights.has(bn + ".weight") && !weights.has(bn + ".running_mean")) {
            if (!weights.has(convPrefix + ".bias")) {
                throw new CheckpointException("missing tensor '" + bn + ".weight' (or a folded '" + convPrefix
                        + ".bias') in " + weights);
            }
            java.util.Arrays.fill(scale, 1f);
            return new float[][]{scale, param(convPrefix + ".bias", ch).data()};
        }
        float[] gamma = param(bn + ".weight", ch).data();
        float[] beta = param(bn + ".bias", ch).data();
        float[] mean = param(bn + ".running_mean", ch).data();
        float[] var = param(bn + ".running_var", ch).data();
        for (int i = 0; i < ch; i++) {
            double s = gamma[i] / Math.sqrt(var[i] + BN_EPS);
            scale[i] = (float) s;
            shift[i] = (float) (beta[i] - mean[i] * s);
        }
        return new float[][]{scale, shift};
    }

    /**
     * Eval-mode batch norm {@code bn} after convolution {@code convPrefix}; if the checkpoint has no
     * such batch norm it was folded, and the convolution's bias is added instead.
     */
    private SDVariable batchNorm(String bn, String convPrefix, SDVariable x, int ch) {
        if (training) {
            // batch statistics; the running statistics are estimated after training (see TrainingGraph#batchStatistics)
            SDVariable mean = x.mean(bn + ".batch_mean", true, 0, 2, 3);
            SDVariable centred = x.sub(mean);
            SDVariable var = centred.mul(centred).mean(bn + ".batch_var", true, 0, 2, 3);
            SDVariable gamma = sd.reshape(weight(bn + ".weight", Layout.AS_IS, ch), 1, ch, 1, 1);
            SDVariable beta = sd.reshape(weight(bn + ".bias", Layout.AS_IS, ch), 1, ch, 1, 1);
            return centred.mul(sd.math.rsqrt(var.add(BN_EPS))).mul(gamma).add(beta);
        }
        float[][] scaleShift = batchNormScaleShift(bn, convPrefix, ch);
        SDVariable sc = constant(bn + ".scale", Tensor.of(scaleShift[0], 1, ch, 1, 1));
        SDVariable sh = constant(bn + ".shift", Tensor.of(scaleShift[1], 1, ch, 1, 1));
        return x.mul(sc).add(sh);
    }
}
