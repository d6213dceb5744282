package dev.xai4j.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Builds a ConvNeXt (see {@link ConvNeXtConfig} for the math) from parameters in timm naming:
 * {@code stem.0} (convolution), {@code stem.1} (LayerNorm), {@code stages.s.downsample.0} (LayerNorm) and
 * {@code .1} (convolution) for s ≥ 1, {@code stages.s.blocks.j.{gamma, conv_dw, norm, mlp.fc1, mlp.fc2}},
 * {@code head.norm}, {@code head.fc}. Every LayerNorm normalises over the channels at each position,
 * (x − μ)/√(σ² + ε)·w + b with the configured ε; GELU is the exact 0.5·x·(1 + erf(x/√2)).
 *
 * <p>Capture points: {@code conv1} (the stem convolution, before its LayerNorm), {@code stem} (after it),
 * {@code layerS.input} (stage S's downsampling layer, S ≥ 2), {@code layerS.B} (each block's output),
 * {@code features} (the last block's output), {@code pooled} [B, C] (before the head's LayerNorm) and
 * {@code logits}.
 */
final class ConvNeXtGraphBuilder extends GraphBuilder {

    private final ConvNeXtConfig c;
    /** The feature grid's side after the current layer. */
    private int grid;

    ConvNeXtGraphBuilder(ConvNeXtConfig config, Weights weights, GradientRules rules) {
        super(weights, false, rules);
        if (rules != GradientRules.STANDARD) {
            throw new IllegalArgumentException(rules + " is not defined for ConvNeXt; it supports STANDARD gradients");
        }
        this.c = config;
    }

    @Override
    protected int classes() {
        return c.numClasses();
    }

    @Override
    protected SDVariable network(SDVariable pixels) {
        int p = c.stemPatch();
        SDVariable x = capture(CapturePoints.STEM_CONV,
                sd.identity(CapturePoints.STEM_CONV, conv2d("stem.0", pixels, 3, c.dims()[0], p, p, 0, true)));
        grid = ConvNeXtFamily.convOut(c.imageSize(), p, p, 0);
        x = capture(CapturePoints.STEM, channelNorm("stem.1", x, c.dims()[0], true, CapturePoints.STEM));
        String last = null;
        for (int s = 0; s < c.depths().length; s++) {
            if (s > 0) {
                String ds = "stages." + s + ".downsample";
                x = channelNorm(ds + ".0", x, c.dims()[s - 1], true, null);
                x = conv2d(ds + ".1", x, c.dims()[s - 1], c.dims()[s], 2, 2, 0, true);
                grid = ConvNeXtFamily.convOut(grid, 2, 2, 0);
                x = capture(CapturePoints.stageInput(s + 1), sd.identity(CapturePoints.stageInput(s + 1), x));
            }
            for (int j = 0; j < c.depths()[s]; j++) {
                last = CapturePoints.stageBlock(s + 1, j);
                x = capture(last, block("stages." + s + ".blocks." + j, x, c.dims()[s], last));
            }
        }
        captures.put(CapturePoints.FEATURES, captures.get(last));
        int ch = c.featureChannels();
        SDVariable pooled = capture(CapturePoints.POOLED, x.mean(CapturePoints.POOLED, 2, 3));
        SDVariable normed = channelNorm("head.norm", pooled, ch, false, null);
        return sd.identity(CapturePoints.LOGITS, linear("head.fc", normed, ch, c.numClasses(), true));
    }

    /** x + γ ⊙ fc2(GELU(fc1(LN(dwconv(x))))), the MLP per position over the channels. */
    private SDVariable block(String prefix, SDVariable x, int ch, String outName) {
        int k = c.kernel();
        SDVariable y = depthwiseConv2d(prefix + ".conv_dw", x, ch, k, 1, k / 2, true);
        // channels last, positions as rows: the LayerNorm and both linears act per position
        y = sd.reshape(y.permute(0, 2, 3, 1), -1, ch);
        y = channelNorm(prefix + ".norm", y, ch, false, null);
        int hidden = ch * c.mlpRatio();
        y = linear(prefix + ".mlp.fc2", gelu(linear(prefix + ".mlp.fc1", y, ch, hidden, true)), hidden, ch, true);
        if (c.layerScale()) {
            y = y.mul(constant(prefix + ".gamma", ch));
        }
        y = sd.reshape(y, -1, grid, grid, ch).permute(0, 3, 1, 2);
        return x.add(outName, y);
    }

    /**
     * LayerNorm over the channels with the parameters {@code prefix}.weight|bias [C]: (x − μ)/√(σ² + ε)·w + b,
     * σ² the biased variance, per position of a map [B, C, h, w] ({@code spatial}) or per row of [M, C].
     * Written out rather than libnd4j's fused layer_norm, which has no ε: ConvNeXt normalises a few
     * channels per position, where σ² can be small enough for the missing ε to show.
     */
    private SDVariable channelNorm(String prefix, SDVariable x, int ch, boolean spatial, String outName) {
        SDVariable mean = x.mean(true, 1);
        SDVariable centred = x.sub(mean);
        SDVariable var = centred.mul(centred).mean(true, 1);
        SDVariable normed = centred.mul(sd.math.rsqrt(var.add(c.layerNormEps())));
        SDVariable w = constant(prefix + ".weight", ch);
        SDVariable b = constant(prefix + ".bias", ch);
        if (spatial) {
            w = sd.reshape(w, 1, ch, 1, 1);
            b = sd.reshape(b, 1, ch, 1, 1);
        }
        SDVariable scaled = normed.mul(w);
        return outName == null ? scaled.add(b) : scaled.add(outName, b);
    }

    /** Exact GELU: 0.5·x·(1 + erf(x/√2)) (torchvision's and timm's {@code nn.GELU()}). */
    private SDVariable gelu(SDVariable x) {
        return x.mul(0.5).mul(sd.math.erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0));
    }
}
