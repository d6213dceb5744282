package dev.xai4j.model;

import java.util.List;

/**
 * The shape of a torchvision EfficientNet (Tan and Le 2019; MBConv stages, as in B0–B7): a 3×3 stride-2
 * stem convolution with batch norm and SiLU, stages of MBConv blocks, a 1×1 convolution to the head width
 * with batch norm and SiLU, global average pooling and a linear classifier (its dropout and the blocks'
 * stochastic depth are identities at inference). An MBConv block with input width {@code in}:
 * <ol>
 *   <li>if e = ⌈in·ratio⌉₈ ≠ in (torchvision's {@code _make_divisible(in·ratio, 8)}), a 1×1 expansion
 *       convolution in → e, batch norm, SiLU;</li>
 *   <li>a depthwise k×k convolution (the stage's stride in its first block only, padding (k − 1)/2),
 *       batch norm, SiLU;</li>
 *   <li>squeeze-excitation: x · σ(fc2(SiLU(fc1(mean_{h,w} x)))), fc1 e → max(1, in/4), fc2 back, both
 *       1×1 convolutions with bias;</li>
 *   <li>a 1×1 projection e → out with batch norm, no activation; plus the input when the stride is 1
 *       and in = out.</li>
 * </ol>
 * Batch norm in eval mode: (x − running_mean)/√(running_var + ε)·weight + bias. No convolution has a bias
 * except the squeeze-excitation's.
 *
 * @param stages       the MBConv stages, input to output
 * @param headWidth    output channels of the final 1×1 convolution (4 × the last stage's, unless set)
 * @param numClasses   classifier outputs
 * @param imageSize    the input height and width the model is used at
 * @param batchNormEps ε of every batch norm (1e-5 for torchvision's B0–B4, 1e-3 for B5–B7)
 */
public record EfficientNetConfig(List<Stage> stages, int headWidth, int numClasses, int imageSize,
                                 double batchNormEps) {

    /**
     * One stage of MBConv blocks (torchvision's {@code MBConvConfig}).
     *
     * @param expandRatio expansion of the first 1×1 convolution (1: none, where the width stays)
     * @param kernel      the depthwise convolution's kernel
     * @param stride      its stride in the stage's first block
     * @param inChannels  the first block's input width
     * @param outChannels every block's output width (and input width after the first)
     * @param blocks      number of blocks
     */
    public record Stage(double expandRatio, int kernel, int stride, int inChannels, int outChannels, int blocks) {

        public Stage {
            if (expandRatio < 1 || kernel <= 0 || kernel % 2 == 0 || stride <= 0 || inChannels <= 0 || outChannels <= 0
                    || blocks <= 0) {
                throw new IllegalArgumentException("MBConv stage: expand ratio " + expandRatio + " ≥ 1, odd kernel "
                        + kernel + ", stride " + stride + ", channels " + inChannels + " → " + outChannels + ", blocks "
                        + blocks + " must be positive");
            }
        }

        /** The expanded width of a block with {@code in} input channels: torchvision's {@code _make_divisible(in·ratio, 8)}. */
        public int expandedChannels(int in) {
            double v = in * expandRatio;
            int divisible = Math.max(8, (int) (v + 4) / 8 * 8);
            return divisible < 0.9 * v ? divisible + 8 : divisible;
        }

        /** The squeeze-excitation's width for a block with {@code in} input channels: max(1, in / 4). */
        public int squeezeChannels(int in) {
            return Math.max(1, in / 4);
        }
    }

    public EfficientNetConfig {
        stages = List.copyOf(stages);
        if (stages.isEmpty()) {
            throw new IllegalArgumentException("an EfficientNet needs at least one stage");
        }
        for (int i = 1; i < stages.size(); i++) {
            if (stages.get(i).inChannels() != stages.get(i - 1).outChannels()) {
                throw new IllegalArgumentException("stage " + i + " takes " + stages.get(i).inChannels()
                        + " channels but stage " + (i - 1) + " gives " + stages.get(i - 1).outChannels());
            }
        }
        if (headWidth <= 0 || numClasses <= 0 || imageSize <= 0 || !(batchNormEps > 0)) {
            throw new IllegalArgumentException("head width " + headWidth + ", classes " + numClasses + ", image size "
                    + imageSize + " and batch-norm ε " + batchNormEps + " must be positive");
        }
    }

    /** EfficientNet-B0 (torchvision's {@code efficientnet_b0}: stem 32, seven stages, head 1280, ε 1e-5) at 224×224. */
    public static EfficientNetConfig efficientnetB0(int numClasses) {
        return new EfficientNetConfig(List.of(
                new Stage(1, 3, 1, 32, 16, 1),
                new Stage(6, 3, 2, 16, 24, 2),
                new Stage(6, 5, 2, 24, 40, 2),
                new Stage(6, 3, 2, 40, 80, 3),
                new Stage(6, 5, 1, 80, 112, 3),
                new Stage(6, 5, 2, 112, 192, 4),
                new Stage(6, 3, 1, 192, 320, 1)), 1280, numClasses, 224, 1e-5);
    }

    /** The stem convolution's output width: the first stage's input. */
    public int stemWidth() {
        return stages.get(0).inChannels();
    }

    /** Number of MBConv blocks over all stages. */
    public int blocks() {
        return stages.stream().mapToInt(Stage::blocks).sum();
    }
}
