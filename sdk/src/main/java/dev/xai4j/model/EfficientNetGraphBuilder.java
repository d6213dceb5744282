package dev.xai4j.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Builds a torchvision EfficientNet (see {@link EfficientNetConfig} for the math) from parameters in
 * torchvision naming: {@code features.0.0} (stem convolution) and {@code .1} (batch norm); stage s's block
 * j at {@code features.{s+1}.{j}.block.{k}}, k counting the expansion (when there is one), the depthwise
 * convolution, the squeeze-excitation ({@code fc1}, {@code fc2}) and the projection, each convolution
 * {@code .k.0} and its batch norm {@code .k.1}; {@code features.{S+1}.0|1} the head convolution and its
 * batch norm; {@code classifier.1} the linear classifier. Batch norm is applied as the per-channel scale
 * and shift γ/√(var + ε) and β − mean·γ/√(var + ε) with the configured ε.
 *
 * <p>Capture points: {@code conv1} (the stem convolution, before its batch norm), {@code stem} (after
 * batch norm and SiLU), {@code layerS.B} (each block's output), {@code features} (the head convolution
 * after its batch norm and SiLU: the last feature map), {@code pooled} [B, C] and {@code logits}.
 */
final class EfficientNetGraphBuilder extends GraphBuilder {

    private final EfficientNetConfig c;

    EfficientNetGraphBuilder(EfficientNetConfig config, Weights weights, GradientRules rules) {
        super(weights, false, rules);
        if (rules != GradientRules.STANDARD) {
            throw new IllegalArgumentException(rules + " is not defined for EfficientNet; it supports STANDARD gradients");
        }
        this.c = config;
    }

    @Override
    protected int classes() {
        return c.numClasses();
    }

    @Override
    protected SDVariable network(SDVariable pixels) {
        int stem = c.stemWidth();
        SDVariable x = capture(CapturePoints.STEM_CONV,
                sd.identity(CapturePoints.STEM_CONV, conv2d("features.0.0", pixels, 3, stem, 3, 2, 1, false)));
        x = capture(CapturePoints.STEM, silu(CapturePoints.STEM, batchNorm("features.0.1", x, stem)));
        int in = stem;
        for (int s = 0; s < c.stages().size(); s++) {
            EfficientNetConfig.Stage st = c.stages().get(s);
            for (int j = 0; j < st.blocks(); j++) {
                String name = CapturePoints.stageBlock(s + 1, j);
                x = capture(name, mbConv("features." + (s + 1) + "." + j + ".block", x, st, in, j == 0 ? st.stride() : 1,
                        name));
                in = st.outChannels();
            }
        }
        String head = "features." + (c.stages().size() + 1);
        x = conv2d(head + ".0", x, in, c.headWidth(), 1, 1, 0, false);
        x = capture(CapturePoints.FEATURES, silu(CapturePoints.FEATURES, batchNorm(head + ".1", x, c.headWidth())));
        SDVariable pooled = capture(CapturePoints.POOLED, x.mean(CapturePoints.POOLED, 2, 3));
        return sd.identity(CapturePoints.LOGITS, linear("classifier.1", pooled, c.headWidth(), c.numClasses(), true));
    }

    /** One MBConv block: [expand], depthwise, squeeze-excitation, project, [+ input]. */
    private SDVariable mbConv(String prefix, SDVariable x, EfficientNetConfig.Stage st, int in, int stride, String outName) {
        int e = st.expandedChannels(in);
        int out = st.outChannels();
        int k = 0;
        SDVariable y = x;
        if (e != in) {
            y = silu(null, batchNorm(prefix + ".0.1", conv2d(prefix + ".0.0", y, in, e, 1, 1, 0, false), e));
            k++;
        }
        y = depthwiseConv2d(prefix + "." + k + ".0", y, e, st.kernel(), stride, (st.kernel() - 1) / 2, false);
        y = silu(null, batchNorm(prefix + "." + k + ".1", y, e));
        k++;
        int squeeze = st.squeezeChannels(in);
        SDVariable scale = y.mean(true, 2, 3);
        scale = silu(null, conv2d(prefix + "." + k + ".fc1", scale, e, squeeze, 1, 1, 0, true));
        scale = sd.nn.sigmoid(conv2d(prefix + "." + k + ".fc2", scale, squeeze, e, 1, 1, 0, true));
        y = y.mul(scale);
        k++;
        y = batchNorm(prefix + "." + k + ".1", conv2d(prefix + "." + k + ".0", y, e, out, 1, 1, 0, false), out);
        return stride == 1 && in == out ? x.add(outName, y) : sd.identity(outName, y);
    }

    /** Eval-mode batch norm {@code bn} [B, C, h, w] as a per-channel scale and shift. */
    private SDVariable batchNorm(String bn, SDVariable x, int ch) {
        float[] gamma = param(bn + ".weight", ch).data();
        float[] beta = param(bn + ".bias", ch).data();
        float[] mean = param(bn + ".running_mean", ch).data();
        float[] var = param(bn + ".running_var", ch).data();
        float[] scale = new float[ch];
        float[] shift = new float[ch];
        for (int i = 0; i < ch; i++) {
            double sc = gamma[i] / Math.sqrt(var[i] + c.batchNormEps());
            scale[i] = (float) sc;
            shift[i] = (float) (beta[i] - mean[i] * sc);
        }
        return x.mul(constant(bn + ".scale", Tensor.of(scale, 1, ch, 1, 1)))
                .add(constant(bn + ".shift", Tensor.of(shift, 1, ch, 1, 1)));
    }

    /** SiLU (swish): x·σ(x). */
    private SDVariable silu(String name, SDVariable x) {
        return name == null ? sd.nn.swish(x) : sd.nn.swish(name, x);
    }
}
