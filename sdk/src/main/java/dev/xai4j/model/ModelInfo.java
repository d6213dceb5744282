package dev.xai4j.model;

import dev.xai4j.image.Preprocessing;

import java.util.List;

/**
 * What a loaded model is: enough for a caller to choose explainers, parameters and targets.
 *
 * @param name          the model's name (its folder name for checkpoints)
 * @param format        where its weights came from
 * @param architecture  ViT or ResNet
 * @param inputHeight   model input height in pixels
 * @param inputWidth    model input width in pixels
 * @param labels        class names by index
 * @param capturePoints every capture point name the model offers (see {@link VisionModel})
 * @param tokens        the token layout of a ViT; null for a ResNet
 * @param vit           the ViT configuration; null for a ResNet
 * @param resnet        the ResNet configuration; null for a ViT
 * @param preprocessing how images become input tensors
 */
public record ModelInfo(String name, CheckpointFormat format, Architecture architecture, int inputHeight,
                        int inputWidth, List<String> labels, List<String> capturePoints, TokenLayout tokens,
                        ViTConfig vit, ResNetConfig resnet, Preprocessing preprocessing) {

    public ModelInfo {
        labels = List.copyOf(labels);
        capturePoints = List.copyOf(capturePoints);
    }

    /** Number of classes. */
    public int numClasses() {
        return labels.size();
    }

    /** Number of transformer blocks (ViT) or residual blocks (ResNet). */
    public int depth() {
        if (vit != null) {
            return vit.depth();
        }
        int n = 0;
        for (int b : resnet.blocks()) {
            n += b;
        }
        return n;
    }

    /**
     * The class index of a label, matched exactly, then ignoring case.
     *
     * @throws IllegalArgumentException naming the known labels when none matches
     */
    public int labelIndex(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            for (int j = 0; j < labels.size(); j++) {
                if (labels.get(j).equalsIgnoreCase(label)) {
                    return j;
                }
            }
            throw new IllegalArgumentException("unknown label '" + label + "' for model " + name + "; labels: "
                    + (labels.size() <= 20 ? labels : labels.subList(0, 20) + "…"));
        }
        return i;
    }
}
