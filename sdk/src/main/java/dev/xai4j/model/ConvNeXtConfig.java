package dev.xai4j.model;

import java.util.Arrays;

/**
 * The shape of a ConvNeXt (Liu et al. 2022, torchvision's and timm's): a patchify stem (a k×k convolution
 * of stride k, then a channel LayerNorm), stages of blocks, each stage after the first opening with a
 * channel LayerNorm and a 2×2 convolution of stride 2, then global average pooling, a LayerNorm and a
 * linear classifier. A block is x + γ ⊙ fc2(GELU(fc1(LN(dwconv(x))))): a depthwise convolution with bias,
 * then, per position over the channels, LayerNorm, Linear C → r·C, exact GELU, Linear r·C → C, and the
 * layer scale γ.
 *
 * @param depths       blocks per stage
 * @param dims         channels per stage
 * @param stemPatch    the stem convolution's kernel and stride (4)
 * @param kernel       the depthwise convolutions' kernel (7; padding kernel / 2)
 * @param mlpRatio     the blocks' hidden width over their channels (4)
 * @param layerScale   whether blocks scale their branch by a learned γ (timm's {@code ls_init_value} not None)
 * @param numClasses   classifier outputs
 * @param imageSize    the input height and width the model is used at
 * @param layerNormEps ε of every LayerNorm (1e-6 in torchvision and timm)
 */
public record ConvNeXtConfig(int[] depths, int[] dims, int stemPatch, int kernel, int mlpRatio, boolean layerScale,
                             int numClasses, int imageSize, double layerNormEps) {

    public ConvNeXtConfig {
        if (depths.length == 0 || depths.length != dims.length) {
            throw new IllegalArgumentException("depths " + Arrays.toString(depths) + " and dims "
                    + Arrays.toString(dims) + " must be non-empty and of one length");
        }
        if (stemPatch <= 0 || kernel <= 0 || kernel % 2 == 0 || mlpRatio <= 0 || numClasses <= 0) {
            throw new IllegalArgumentException("stem patch " + stemPatch + ", kernel " + kernel + " (odd), MLP ratio "
                    + mlpRatio + " and classes " + numClasses + " must be positive");
        }
        if (imageSize / stemPatch >> (depths.length - 1) < 1) {
            throw new IllegalArgumentException("input " + imageSize + " px is too small for a stem of stride " + stemPatch
                    + " and " + (depths.length - 1) + " downsampling layers");
        }
        depths = depths.clone();
        dims = dims.clone();
    }

    /** ConvNeXt-T (depths 3, 3, 9, 3; dims 96–768) at 224×224. */
    public static ConvNeXtConfig convnextTiny(int numClasses) {
        return new ConvNeXtConfig(new int[]{3, 3, 9, 3}, new int[]{96, 192, 384, 768}, 4, 7, 4, true, numClasses, 224,
                1e-6);
    }

    /** Number of blocks over all stages. */
    public int blocks() {
        return Arrays.stream(depths).sum();
    }

    /** Channels of the last feature map. */
    public int featureChannels() {
        return dims[dims.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvNeXtConfig c && Arrays.equals(depths, c.depths) && Arrays.equals(dims, c.dims)
                && stemPatch == c.stemPatch && kernel == c.kernel && mlpRatio == c.mlpRatio && layerScale == c.layerScale
                && numClasses == c.numClasses && imageSize == c.imageSize && layerNormEps == c.layerNormEps;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(depths) * 31 + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return "ConvNeXtConfig[depths " + Arrays.toString(depths) + ", dims " + Arrays.toString(dims) + ", stem "
                + stemPatch + ", kernel " + kernel + ", MLP ×" + mlpRatio + (layerScale ? ", layer scale" : "") + ", "
                + numClasses + " classes, " + imageSize + "px, LayerNorm ε " + layerNormEps + "]";
    }
}
