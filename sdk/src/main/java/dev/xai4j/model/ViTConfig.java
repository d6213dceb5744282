package dev.xai4j.model;

/**
 * The shape of a Vision Transformer (pre-norm blocks, exact GELU MLP, learned position embeddings).
 *
 * @param imageSize         input height and width in pixels
 * @param patchSize         patch height and width in pixels
 * @param hiddenSize        token width D
 * @param depth             number of blocks L
 * @param heads             attention heads H per block (D must divide by H)
 * @param mlpSize           hidden width of the MLP
 * @param numClasses        classifier outputs
 * @param layerNormEps      epsilon of every LayerNorm (HF ViT: 1e-12, timm: 1e-6)
 * @param distillationToken DeiT distillation token (its head's logits are averaged with the CLS head's)
 * @param registerTokens    register tokens after the CLS (and distillation) token
 * @param averagePool       classify the mean of the patch tokens (timm {@code global_pool='avg'})
 *                          instead of the CLS token
 * @param layerScale        LayerScale (timm {@code init_values}, DINOv2, CaiT): each block's attention and
 *                          MLP outputs are multiplied by learned per-channel factors
 *                          {@code blocks.l.ls1.gamma}, {@code blocks.l.ls2.gamma} [D] before the residual sum
 * @param patchPositionsOnly position embeddings for the patch tokens only, added before the prefix tokens
 *                          are prepended (timm {@code no_embed_class}: {@code pos_embed} [1, g², D]); else
 *                          {@code pos_embed} [1, N, D] is added to the whole sequence
 */
public record ViTConfig(int imageSize, int patchSize, int hiddenSize, int depth, int heads, int mlpSize,
                        int numClasses, double layerNormEps, boolean distillationToken, int registerTokens,
                        boolean averagePool, boolean layerScale, boolean patchPositionsOnly) {

    public ViTConfig {
        if (imageSize <= 0 || patchSize <= 0 || imageSize % patchSize != 0) {
            throw new IllegalArgumentException("image size " + imageSize + " must be a positive multiple of patch size " + patchSize);
        }
        if (hiddenSize <= 0 || heads <= 0 || hiddenSize % heads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " must divide into " + heads + " heads");
        }
        if (depth <= 0 || mlpSize <= 0 || numClasses <= 0 || !(layerNormEps > 0)) {
            throw new IllegalArgumentException("depth, MLP size, classes and LayerNorm eps must be positive");
        }
    }

    /** A ViT without LayerScale whose position embeddings cover the prefix tokens too (the original ViT, DeiT). */
    public ViTConfig(int imageSize, int patchSize, int hiddenSize, int depth, int heads, int mlpSize,
                     int numClasses, double layerNormEps, boolean distillationToken, int registerTokens,
                     boolean averagePool) {
        this(imageSize, patchSize, hiddenSize, depth, heads, mlpSize, numClasses, layerNormEps, distillationToken,
                registerTokens, averagePool, false, false);
    }

    /** ViT-B/16 at 224×224 (12 blocks, 12 heads, D = 768, MLP 3072), timm's LayerNorm eps. */
    public static ViTConfig base16(int numClasses) {
        return new ViTConfig(224, 16, 768, 12, 12, 3072, numClasses, 1e-6, false, 0, false);
    }

    /** The same model at another input size (its position embeddings resampled by whoever supplies the weights). */
    public ViTConfig withImageSize(int size) {
        return new ViTConfig(size, patchSize, hiddenSize, depth, heads, mlpSize, numClasses, layerNormEps,
                distillationToken, registerTokens, averagePool, layerScale, patchPositionsOnly);
    }

    /** Patches per side. */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Width of one head. */
    public int headSize() {
        return hiddenSize / heads;
    }

    /** The token layout this configuration gives. */
    public TokenLayout tokenLayout() {
        return new TokenLayout(true, distillationToken, registerTokens, gridSize(), gridSize());
    }
}
