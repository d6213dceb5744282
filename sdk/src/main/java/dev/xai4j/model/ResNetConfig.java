package dev.xai4j.model;

import java.util.Arrays;

/**
 * The shape of a torchvision-style ResNet: a 7×7/2 stem convolution with batch norm, ReLU and a
 * 3×3/2 max pool, four stages of residual blocks (stride 2 in the first block of stages 2–4, on the
 * 3×3 convolution: ResNet v1.5), global average pooling and a fully connected classifier.
 *
 * @param bottleneck   bottleneck blocks (1×1, 3×3, 1×1, expansion 4) instead of basic blocks (3×3, 3×3)
 * @param blocks       blocks per stage
 * @param widths       inner width of each stage (the block output is {@code width × expansion})
 * @param stemWidth    output channels of the stem convolution
 * @param numClasses   classifier outputs
 * @param imageSize    the input height and width the model is used at
 */
public record ResNetConfig(boolean bottleneck, int[] blocks, int[] widths, int stemWidth, int numClasses,
                           int imageSize) {

    public ResNetConfig {
        if (blocks.length == 0 || blocks.length != widths.length) {
            throw new IllegalArgumentException("blocks " + Arrays.toString(blocks) + " and widths "
                    + Arrays.toString(widths) + " must be non-empty and of one length");
        }
        blocks = blocks.clone();
        widths = widths.clone();
    }

    /** ResNet-50 (bottleneck blocks 3, 4, 6, 3; widths 64–512) at 224×224. */
    public static ResNetConfig resnet50(int numClasses) {
        return new ResNetConfig(true, new int[]{3, 4, 6, 3}, new int[]{64, 128, 256, 512}, 64, numClasses, 224);
    }

    /** ResNet-18 (basic blocks 2, 2, 2, 2; widths 64–512) at 224×224. */
    public static ResNetConfig resnet18(int numClasses) {
        return new ResNetConfig(false, new int[]{2, 2, 2, 2}, new int[]{64, 128, 256, 512}, 64, numClasses, 224);
    }

    /** Channel multiplier of a block's output over its inner width. */
    public int expansion() {
        return bottleneck ? 4 : 1;
    }

    /** Channels of the last feature map. */
    public int featureChannels() {
        return widths[widths.length - 1] * expansion();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResNetConfig c && bottleneck == c.bottleneck && Arrays.equals(blocks, c.blocks)
                && Arrays.equals(widths, c.widths) && stemWidth == c.stemWidth && numClasses == c.numClasses
                && imageSize == c.imageSize;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blocks) * 31 + Arrays.hashCode(widths);
    }

    @Override
    public String toString() {
        return "ResNetConfig[" + (bottleneck ? "bottleneck" : "basic") + " " + Arrays.toString(blocks)
                + " widths " + Arrays.toString(widths) + ", " + numClasses + " classes, " + imageSize + "px]";
    }
}
