package dev.xai4j.train;

import dev.xai4j.model.ViTConfig;

/**
 * How a trained ViT is grown before training goes on, without changing what it computes: made
 * {@code widthFactor} times as wide (Net2WiderNet: D and the MLP, the same heads) and then given
 * {@code addedBlocks} more blocks that pass their input through unchanged (Net2DeeperNet for a
 * residual stream). Training then continues with the larger model's capacity from where the smaller
 * one stood.
 *
 * <p>An added block copies the LayerNorms, queries, keys, values and first MLP layer of the block before
 * it, so that it starts from features that are already useful, and has its attention output projection
 * and second MLP layer at zero: with {@code x + proj(attn(LN₁ x))} and {@code x + fc₂(GELU(fc₁(LN₂ x)))}
 * both terms vanish, the block is the identity, and the gradients of {@code proj} and {@code fc₂}
 * (which read non-zero activations) move it away from there in the first step. Added blocks are
 * spread over the gaps between the old ones; the last block stays last, because the CLS token's
 * last-block attention and value losses address it.
 *
 * @param widthFactor copies of every channel, at least 1 (1: as trained)
 * @param addedBlocks blocks to add, at least 0
 */
public record Growth(int widthFactor, int addedBlocks) {

    /** No growth: the model as trained. */
    public static final Growth NONE = new Growth(1, 0);

    public Growth {
        if (widthFactor < 1) {
            throw new IllegalArgumentException("the width factor must be at least 1, got " + widthFactor);
        }
        if (addedBlocks < 0) {
            throw new IllegalArgumentException("the number of added blocks must not be negative, got " + addedBlocks);
        }
    }

    /** Whether this changes the model at all. */
    public boolean grows() {
        return widthFactor > 1 || addedBlocks > 0;
    }

    /** The grown model's configuration. */
    public ViTConfig apply(ViTConfig c) {
        if (c.layerScale() && grows()) {
            throw new IllegalArgumentException("growing a ViT with LayerScale is not supported");
        }
        return new ViTConfig(c.imageSize(), c.patchSize(), c.hiddenSize() * widthFactor, c.depth() + addedBlocks,
                c.heads(), c.mlpSize() * widthFactor, c.numClasses(), c.layerNormEps(), c.distillationToken(),
                c.registerTokens(), c.averagePool(), c.layerScale(), c.patchPositionsOnly());
    }
}
