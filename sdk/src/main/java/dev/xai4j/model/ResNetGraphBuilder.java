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

    ResNetGraphBuilder(ResNetConfig config, Weights weights, boolean training) {
        super(weights, training);
        this.c = config;
    }

    @Override
    int classes() {
        return c.numClasses();
    }

    @Override
    SDVariable network(SDVariable pixels) {
        SDVariable x = conv("conv1", "conv1", pixels, 3, c.stemWidth(), 7, 2, 3);
        x = sd.nn.relu(batchNorm("bn1", "conv1", x, c.stemWidth()), 0);
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(3).kW(3).sH(2).sW(2).pH(1).pW(1).dH(1).dW(1)
                .isNHWC(false).build();
        x = capture("stem", sd.cnn.maxPooling2d("stem", x, pool));
        int in = c.stemWidth();
        String last = null;
        for (int s = 0; s < c.blocks().length; s++) {
            for (int b = 0; b < c.blocks()[s]; b++) {
                String name = "layer" + (s + 1) + "." + b;
                int stride = (s > 0 && b == 0) ? 2 : 1;
                x = c.bottleneck() ? bottleneck(name, x, in, c.widths()[s], stride) : basic(name, x, in, c.widths()[s], stride);
                in = c.widths()[s] * c.expansion();
                last = name;
            }
        }
        captures.put("features", captures.get(last));
        SDVariable pooled = capture("pooled", x.mean("pooled", 2, 3));
        return sd.identity(Graph.LOGITS, linear("fc", pooled, in, c.numClasses(), true));
    }

    private SDVariable basic(String n, SDVariable x, int in, int width, int stride) {
        SDVariable y = conv(n + ".conv1", n + ".conv1", x, in, width, 3, stride, 1);
        y = sd.nn.relu(batchNorm(n + ".bn1", n + ".conv1", y, width), 0);
        y = conv(n + ".conv2", n + ".conv2", y, width, width, 3, 1, 1);
        y = batchNorm(n + ".bn2", n + ".conv2", y, width);
        return residual(n, x, y, in, width, stride);
    }

    private SDVariable bottleneck(String n, SDVariable x, int in, int width, int stride) {
        int out = width * 4;
        SDVariable y = conv(n + ".conv1", n + ".conv1", x, in, width, 1, 1, 0);
        y = sd.nn.relu(batchNorm(n + ".bn1", n + ".conv1", y, width), 0);
        y = conv(n + ".conv2", n + ".conv2", y, width, width, 3, stride, 1);
        y = sd.nn.relu(batchNorm(n + ".bn2", n + ".conv2", y, width), 0);
        y = conv(n + ".conv3", n + ".conv3", y, width, out, 1, 1, 0);
        y = batchNorm(n + ".bn3", n + ".conv3", y, out);
        return residual(n, x, y, in, out, stride);
    }

    private SDVariable residual(String n, SDVariable x, SDVariable y, int in, int out, int stride) {
        SDVariable shortcut = x;
        if (weights.has(n + ".downsample.0.weight")) {
            shortcut = conv(n + ".downsample.0", n + ".downsample", x, in, out, 1, stride, 0);
            shortcut = batchNorm(n + ".downsample.1", n + ".downsample.0", shortcut, out);
        } else if (in != out || stride != 1) {
            throw new CheckpointException("block " + n + " changes shape (" + in + "→" + out + " channels, stride "
                    + stride + ") but has no downsample.0.weight in " + weights);
        }
        return capture(n, sd.nn.relu(n, y.add(shortcut), 0));
    }

    /** A bias-free convolution (PyTorch [out, in, k, k] weights) captured under {@code captureName}. */
    private SDVariable conv(String prefix, String captureName, SDVariable x, int in, int out, int k, int stride, int pad) {
        SDVariable kernel = weight(prefix + ".weight", Layout.KERNEL, out, in, k, k);
        Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad).dH(1).dW(1)
                .dataFormat("NCHW").build();
        return capture(captureName, sd.cnn.conv2d(captureName, x, kernel, cfg));
    }

    /**
     * Eval-mode batch norm {@code bn} after convolution {@code convPrefix}; if the checkpoint has no
     * such batch norm it was folded, and the convolution's bias is added instead.
     */
    private SDVariable batchNorm(String bn, String convPrefix, SDVariable x, int ch) {
        if (!weights.has(bn + ".weight") && !weights.has(bn + ".running_mean")) {
            if (weights.has(convPrefix + ".bias")) {
                return x.add(sd.reshape(constant(convPrefix + ".bias", ch), 1, ch, 1, 1));
            }
            throw new CheckpointException("missing tensor '" + bn + ".weight' (or a folded '" + convPrefix
                    + ".bias') in " + weights);
        }
        if (training) {
            // batch statistics; the running statistics are estimated after training (see TrainableModel)
            SDVariable mean = x.mean(bn + ".batch_mean", true, 0, 2, 3);
            SDVariable centred = x.sub(mean);
            SDVariable var = centred.mul(centred).mean(bn + ".batch_var", true, 0, 2, 3);
            SDVariable gamma = sd.reshape(weight(bn + ".weight", Layout.AS_IS, ch), 1, ch, 1, 1);
            SDVariable beta = sd.reshape(weight(bn + ".bias", Layout.AS_IS, ch), 1, ch, 1, 1);
            return centred.mul(sd.math.rsqrt(var.add(BN_EPS))).mul(gamma).add(beta);
        }
        float[] gamma = param(bn + ".weight", ch).data();
        float[] beta = param(bn + ".bias", ch).data();
        float[] mean = param(bn + ".running_mean", ch).data();
        float[] var = param(bn + ".running_var", ch).data();
        float[] scale = new float[ch];
        float[] shift = new float[ch];
        for (int i = 0; i < ch; i++) {
            double s = gamma[i] / Math.sqrt(var[i] + BN_EPS);
            scale[i] = (float) s;
            shift[i] = (float) (beta[i] - mean[i] * s);
        }
        SDVariable sc = constant(bn + ".scale", Tensor.of(scale, 1, ch, 1, 1));
        SDVariable sh = constant(bn + ".shift", Tensor.of(shift, 1, ch, 1, 1));
        return x.mul(sc).add(sh);
    }
}
