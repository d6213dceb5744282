package dev.xai4j.model;

import dev.xai4j.image.Preprocessing;

import java.util.List;

/**
 * What a loaded model is and has: enough for a caller to choose explainers, parameters and targets.
 * Ask {@link #capabilities()} what the model has (tokens, feature maps, attention, a pooled linear
 * classifier); {@link #family()} is for display only.
 *
 * @param name          the model's name (its folder name for checkpoints)
 * @param family        the model family that built it, e.g. {@code ViT}, for display
 * @param format        where its weights came from, e.g. {@code HUGGING_FACE_VIT}, {@code TORCHVISION_RESNET}, {@code RANDOM}
 * @param inputHeight   model input height in pixels
 * @param inputWidth    model input width in pixels
 * @param labels        class names by index
 * @param capturePoints every capture point name the model offers (see {@link CapturePoints})
 * @param capabilities  what the model has
 * @param preprocessing how images become input tensors
 */
public record ModelInfo(String name, String family, String format, int inputHeight, int inputWidth,
                        List<String> labels, List<String> capturePoints, Capabilities capabilities,
                        Preprocessing preprocessing) {

    public ModelInfo {
        labels = List.copyOf(labels);
        capturePoints = List.copyOf(capturePoints);
    }

    /** Number of classes. */
    public int numClasses() {
        return labels.size();
    }

    /** Number of transformer or residual blocks. */
    public int depth() {
        return capabilities.blocks();
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
