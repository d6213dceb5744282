package dev.xai4j.model;

/**
 * A spatial capture point: a value laid over a grid of image positions, which the class-activation
 * family (Grad-CAM and its relatives) weights channel by channel.
 *
 * @param name     the capture point (see {@link CapturePoints})
 * @param channels channels K (a token model: the token width D)
 * @param height   grid rows h at the model's input size
 * @param width    grid columns w
 * @param tokens   whether the value is a token sequence [B, N, D] whose patch tokens lie on the model's
 *                 {@link TokenLayout} grid (prefix tokens dropped), rather than a map [B, K, h, w]
 */
public record FeatureMap(String name, int channels, int height, int width, boolean tokens) {

    public FeatureMap {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("feature map " + name + " of " + channels + " × " + height + " × " + width);
        }
    }
}
