package dev.xai4j.model;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a pre-norm Vision Transformer: patch convolution, prefix tokens, position embeddings,
 * {@code depth} blocks of x + γ1 ⊙ Attn(LN(x)) then x + γ2 ⊙ MLP(LN(x)) (γ = 1 without LayerScale),
 * final LayerNorm, and a linear head
 * on the CLS token (or the patch mean). LayerNorm is written from ops so the checkpoint's epsilon
 * holds, and GELU is the exact 0.5·x·(1 + erf(x/√2)).
 *
 * <p>Capture points (B = batch, N = tokens, D = width, H = heads):
 * {@code embeddings.patches} [B, g², D] (patch convolution output, before prefix tokens and
 * positions), {@code embeddings} [B, N, D], and per block l: {@code blocks.l.input},
 * {@code blocks.l.norm1} [B, N, D], {@code blocks.l.q|k|v} [B, H, N, D/H],
 * {@code blocks.l.attention} [B, H, N, N] (post-softmax), {@code blocks.l.output} [B, N, D];
 * then {@code norm} [B, N, D] and {@code logits} [B, C].
 */
final class ViTGraphBuilder extends GraphBuilder {

    private final ViTConfig c;
    // kept for trainingTaps: the final token states, the last block's values [B, H, N, D/H], the CLS
    // token's state before and after the last block's MLP [B, D], the last block's attention [B, H, N, N]
    private SDVariable finalTokens;
    private SDVariable lastValues;
    private SDVariable lastClsBeforeMlp;
    private SDVariable lastClsMlp;
    private SDVariable lastAttention;

    ViTGraphBuilder(ViTConfig config, Weights weights, boolean training, GradientRules rules) {
        super(weights, training, rules);
        if (rules == GradientRules.EPSILON_ZPLUS_FLAT) {
            throw new IllegalArgumentException("the ε/z⁺/flat composite is for ResNets; use ATTN_LRP or CP_LRP for a ViT");
        }
        this.c = config;
    }

    @Override
    protected int classes() {
        return c.numClasses();
    }

    @Override
    protected SDVariable network(SDVariable pixels) {
        int d = c.hiddenSize();
        int p = c.patchSize();
        int g = c.gridSize();
        int n = c.tokenLayout().tokenCount();

        // Patch embedding: a p×p stride-p convolution; SameDiff's default kernel layout is [kH, kW, in, out].
        SDVariable kernel = weight("patch_embed.proj.weight", Layout.KERNEL, d, 3, p, p);
        Conv2DConfig conv = Conv2DConfig.builder().kH(p).kW(p).sH(p).sW(p).pH(0).pW(0).dH(1).dW(1)
                .dataFormat("NCHW").build();
        SDVariable grid = sd.cnn.conv2d(pixels, kernel, constant("patch_embed.proj.bias", d), conv);
        SDVariable patches = sd.reshape(grid, -1, d, (long) g * g).permute(0, 2, 1);
        // captures sit on the data path (not beside it) so that their gradients exist
        patches = capture(CapturePoints.PATCH_EMBEDDINGS, sd.identity(CapturePoints.PATCH_EMBEDDINGS, patches));

        // Prefix tokens are broadcast over the batch by adding them to zeros shaped like one patch token.
        SDVariable zeros = sd.zerosLike(patches.get(SDIndex.all(), SDIndex.interval(0, 1), SDIndex.all()));
        List<SDVariable> parts = new ArrayList<>();
        parts.add(zeros.add(constant("cls_token", 1, 1, d)));
        if (c.distillationToken()) {
            parts.add(zeros.add(constant("dist_token", 1, 1, d)));
        }
        if (c.registerTokens() > 0) {
            SDVariable zr = sd.zerosLike(patches.get(SDIndex.all(), SDIndex.interval(0, c.registerTokens()), SDIndex.all()));
            parts.add(zr.add(constant("reg_token", 1, c.registerTokens(), d)));
        }
        SDVariable x;
        if (c.patchPositionsOnly()) {
            // timm's no_embed_class: positions only for patches, prefix tokens added after
            parts.add(patches.add(constant("pos_embed", 1, (long) g * g, d)));
            x = sd.concat(1, parts.toArray(new SDVariable[0]));
        } else {
            parts.add(patches);
            x = sd.concat(1, parts.toArray(new SDVariable[0])).add(constant("pos_embed", 1, n, d));
        }
        x = capture(CapturePoints.EMBEDDINGS, sd.identity(CapturePoints.EMBEDDINGS, x));

        for (int l = 0; l < c.depth(); l++) {
            x = block(l, x, n);
        }
        SDVariable normed = capture(CapturePoints.NORM, layerNorm(CapturePoints.NORM, x, "norm"));
        finalTokens = normed;
        SDVariable logits;
        if (c.averagePool()) {
            int prefix = c.tokenLayout().prefixTokens();
            SDVariable pooled = normed.get(SDIndex.all(), SDIndex.interval(prefix, n), SDIndex.all()).mean(1);
            logits = linear("head", pooled, d, c.numClasses(), true);
        } else {
            SDVariable cls = normed.get(SDIndex.all(), SDIndex.point(0), SDIndex.all());
            logits = linear("head", cls, d, c.numClasses(), true);
            if (c.distillationToken()) {
                SDVariable dist = normed.get(SDIndex.all(), SDIndex.point(1), SDIndex.all());
                logits = logits.add(linear("head_dist", dist, d, c.numClasses(), true)).mul(0.5);
            }
        }
        return sd.identity(CapturePoints.LOGITS, logits);
    }

    /**
     * Positions are the patch tokens after the final LayerNorm, the classifier is {@code head} (a
     * distillation head is not read); the CLS token's values unless the ViT pools its patch tokens.
     */
    @Override
    TrainingGraph.Taps trainingTaps() {
        int d = c.hiddenSize();
        TokenLayout tokens = c.tokenLayout();
        int prefix = tokens.prefixTokens();
        int n = tokens.tokenCount();
        SDVariable patches = sd.reshape(finalTokens.get(SDIndex.all(), SDIndex.interval(prefix, n), SDIndex.all()), -1, d);
        java.util.Optional<TrainingGraph.ClassToken> cls = c.averagePool() ? java.util.Optional.empty()
                : java.util.Optional.of(new TrainingGraph.ClassToken(prefix, lastAttention, lastValues,
                sd.getVariable("blocks." + (c.depth() - 1) + ".attn.proj.weight_t"), sd.getVariable("norm.weight"),
                lastClsBeforeMlp, lastClsMlp));
        return new TrainingGraph.Taps(patches, d, tokens.gridHeight(), c.numClasses(), sd.getVariable("head.weight_t"),
                sd.getVariable("head.bias"), cls);
    }

    private SDVariable block(int l, SDVariable x, int n) {
        int d = c.hiddenSize();
        int h = c.heads();
        int dh = c.headSize();
        String b = "blocks." + l;
        x = capture(CapturePoints.blockInput(l), sd.identity(CapturePoints.blockInput(l), x));
        SDVariable h1 = capture(CapturePoints.blockNorm1(l), layerNorm(CapturePoints.blockNorm1(l), x, b + ".norm1"));
        SDVariable flat = sd.reshape(h1, -1, d);
        SDVariable q = capture(CapturePoints.query(l), sd.identity(CapturePoints.query(l), heads(linear(b + ".attn.q", flat, d, d, true), n)));
        SDVariable k = capture(CapturePoints.key(l), sd.identity(CapturePoints.key(l), heads(linear(b + ".attn.k", flat, d, d, true), n)));
        SDVariable v = capture(CapturePoints.value(l), sd.identity(CapturePoints.value(l), heads(linear(b + ".attn.v", flat, d, d, true), n)));
        if (rules == GradientRules.ATTN_LRP) {
            // uniform rule on the two bilinear matmuls (q·kᵀ then A·v)
            q = scaleGradient(q, 0.25);
            k = scaleGradient(k, 0.25);
            v = scaleGradient(v, 0.5);
        } else if (rules == GradientRules.CP_LRP) {
            q = stop(q);
            k = stop(k);
        }
        if (l == c.depth() - 1) {
            lastValues = v;
        }
        SDVariable scores = sd.mmul(q, k, false, true, false).mul(1.0 / Math.sqrt(dh));
        SDVariable attn = capture(CapturePoints.attention(l), sd.nn.softmax(CapturePoints.attention(l), scores, 3));
        SDVariable ctx = sd.reshape(sd.mmul(attn, v).permute(0, 2, 1, 3), -1, d);
        SDVariable attnOut = sd.reshape(linear(b + ".attn.proj", ctx, d, d, true), -1, n, d);
        if (c.layerScale()) {
            attnOut = attnOut.mul(constant(b + ".ls1.gamma", d));
        }
        SDVariable x1 = x.add(attnOut);
        SDVariable h2 = sd.reshape(layerNorm(b + ".norm2", x1, null), -1, d);
        SDVariable m = gelu(linear(b + ".mlp.fc1", h2, d, c.mlpSize(), true));
        SDVariable mlpOut = sd.reshape(linear(b + ".mlp.fc2", m, c.mlpSize(), d, true), -1, n, d);
        if (c.layerScale()) {
            mlpOut = mlpOut.mul(constant(b + ".ls2.gamma", d));
        }
        if (l == c.depth() - 1) {
            lastAttention = attn;
            lastClsBeforeMlp = x1.get(SDIndex.all(), SDIndex.point(0), SDIndex.all());
            lastClsMlp = mlpOut.get(SDIndex.all(), SDIndex.point(0), SDIndex.all());
        }
        return capture(CapturePoints.blockOutput(l), x1.add(CapturePoints.blockOutput(l), mlpOut));
    }

    /** [B·N, D] → [B, H, N, D/H]. */
    private SDVariable heads(SDVariable flat, int n) {
        return sd.reshape(flat, -1, n, c.heads(), c.headSize()).permute(0, 2, 1, 3);
    }

    /** LayerNorm over the last dimension (under LRP rules with the configured ε and the standard deviation held constant). */
    private SDVariable layerNorm(String prefix, SDVariable x, String outName) {
        int d = c.hiddenSize();
        if (rules == GradientRules.STANDARD) {
            // libnd4j's fused layer_norm: one op each way, where the form below costs ten ops forward and
            // broadcast multiply_bp ops backward (~5x the time of a ViT-B/16 LayerNorm's forward +
            // backward; see docs/performance.md). It computes (x − μ)/σ without ε: the difference is
            // ε/(2σ²) relative, below 1e-5 for the ε of 1e-6 and 1e-12 that ViTs use.
            SDVariable w = constant(prefix + ".weight", d);
            SDVariable bias = constant(prefix + ".bias", d);
            return outName == null ? sd.nn.layerNorm(x, w, bias, false, 2) : sd.nn.layerNorm(outName, x, w, bias, false, 2);
        }
        SDVariable mean = x.mean(true, 2);
        SDVariable centred = x.sub(mean);
        SDVariable var = centred.mul(centred).mean(true, 2);
        SDVariable inverseStd = sd.math.rsqrt(var.add(c.layerNormEps()));
        // LRP identity rule (the only rules that get here): the standard deviation is a constant of the
        // backward pass
        SDVariable normed = centred.mul(stop(inverseStd));
        SDVariable y = normed.mul(constant(prefix + ".weight", d));
        SDVariable bias = constant(prefix + ".bias", d);
        return outName == null ? y.add(bias) : y.add(outName, bias);
    }

    /** Exact GELU: 0.5·x·(1 + erf(x/√2)); under LRP rules its gradient is GELU(x)/(x + 1e-10) (identity rule). */
    private SDVariable gelu(SDVariable x) {
        SDVariable y = x.mul(0.5).mul(sd.math.erf(x.mul(1.0 / Math.sqrt(2.0))).add(1.0));
        if (rules == GradientRules.STANDARD) {
            return y;
        }
        SDVariable ratio = stop(y.div(x.add(1e-10)));
        return withGradientOf(y, x.mul(ratio));
    }
}
