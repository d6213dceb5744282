package dev.xai4j.model;

/**
 * The names of capture points: the contract between models and explainers. A graph builder registers
 * its intermediate values under these names; explainers, evaluation, anatomy, the server and the UI
 * ask for them by the same names. Which of them a model offers is listed in
 * {@link ModelInfo#capturePoints()}, and what they mean for it in {@link Capabilities}.
 *
 * <p>Shapes: B batch, N tokens, D token width, H heads, K channels, h × w a feature map's grid.
 */
public final class CapturePoints {

    /** The preprocessed input [B, 3, H, W]; its gradient is the saliency. Every model has it. */
    public static final String PIXELS = "pixel_values";
    /** The class scores [B, C]. Every model has it. */
    public static final String LOGITS = "logits";

    /** Token models: the patch embeddings [B, g², D] before prefix tokens and positions are added. */
    public static final String PATCH_EMBEDDINGS = "embeddings.patches";
    /** Token models: the token sequence [B, N, D] that enters the first block. */
    public static final String EMBEDDINGS = "embeddings";
    /** Token models: the final normalisation's output [B, N, D]. */
    public static final String NORM = "norm";

    /** Convolutional models: the stem convolution's output [B, K, h, w] before its normalisation. */
    public static final String STEM_CONV = "conv1";
    /**
     * Convolutional models: the stem's output [B, K, h, w] (a ResNet's after its max pool, a ConvNeXt's
     * after its LayerNorm, an EfficientNet's after its batch norm and SiLU).
     */
    public static final String STEM = "stem";
    /**
     * Convolutional models: the last feature map [B, K, h, w] before global pooling (the last block's
     * output, or an EfficientNet's final 1×1 convolution after its batch norm and SiLU).
     */
    public static final String FEATURES = "features";
    /** Models with a pooled classifier: the globally pooled features [B, K]. */
    public static final String POOLED = "pooled";

    private CapturePoints() {
    }

    /** Prefix of every capture point of transformer block {@code l}. */
    public static String block(int l) {
        return "blocks." + l;
    }

    /** Transformer block {@code l}'s input [B, N, D]. */
    public static String blockInput(int l) {
        return block(l) + ".input";
    }

    /** Transformer block {@code l}'s first normalisation (before attention) [B, N, D]. */
    public static String blockNorm1(int l) {
        return block(l) + ".norm1";
    }

    /** Transformer block {@code l}'s output [B, N, D]. */
    public static String blockOutput(int l) {
        return block(l) + ".output";
    }

    /** Transformer block {@code l}'s queries [B, H, N, D/H]. */
    public static String query(int l) {
        return block(l) + ".q";
    }

    /** Transformer block {@code l}'s keys [B, H, N, D/H]. */
    public static String key(int l) {
        return block(l) + ".k";
    }

    /** Transformer block {@code l}'s values [B, H, N, D/H]. */
    public static String value(int l) {
        return block(l) + ".v";
    }

    /** Transformer block {@code l}'s attention after the softmax [B, H, N, N]. */
    public static String attention(int l) {
        return block(l) + ".attention";
    }

    /**
     * Stage {@code s} (1-based), block {@code b} of a convolutional model: the block's output [B, K, h, w]
     * (a ResNet block after its final ReLU, a ConvNeXt block after its residual sum, an MBConv block
     * after its projection and residual sum).
     */
    public static String stageBlock(int s, int b) {
        return "layer" + s + "." + b;
    }

    /**
     * Stage {@code s} (1-based) of a model whose stages begin with their own downsampling layer (ConvNeXt:
     * LayerNorm and a strided convolution): that layer's output, the first block's input [B, K, h, w].
     */
    public static String stageInput(int s) {
        return "layer" + s + ".input";
    }

    /** Residual stage {@code s}, block {@code b}: its convolution {@code k} (1-based) before normalisation. */
    public static String stageConv(int s, int b, int k) {
        return stageBlock(s, b) + ".conv" + k;
    }

    /** Residual stage {@code s}, block {@code b}: its shortcut convolution before normalisation. */
    public static String stageDownsample(int s, int b) {
        return stageBlock(s, b) + ".downsample";
    }
}
