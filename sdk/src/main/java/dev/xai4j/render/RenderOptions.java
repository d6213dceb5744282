package dev.xai4j.render;

import java.util.Objects;

/**
 * How a {@link dev.xai4j.explain.Heatmap} is drawn: resized with {@code upsampling} to the target
 * size, normalised, coloured, then blended over the image as
 * {@code out = (1 − alpha)·image + alpha·colour} per channel.
 *
 * @param upsampling    filter used to bring the map to the image's size
 * @param normalization how raw values become [0, 1] (or [−1, 1], coloured as {@code (v + 1)/2})
 * @param colormap       colour scale of non-negative maps
 * @param alpha          opacity of the colour layer, {@code 0 ≤ alpha ≤ 1}
 * @param signedColormap colour scale of signed maps (normalised symmetrically, 0 mid-scale), so that
 *                       positive and negative evidence (LRP, input × gradient) stay apart
 */
public record RenderOptions(Upsampling upsampling, Normalization normalization, Colormap colormap, double alpha,
                            Colormap signedColormap) {

    /**
     * Bilinear, {@link Normalization#AUTO} (MAX, or SYMMETRIC for signed maps), JET, alpha 0.5, and
     * the diverging BLUE_WHITE_RED for signed maps.
     */
    public static final RenderOptions DEFAULT = new RenderOptions(Upsampling.BILINEAR, Normalization.AUTO, Colormap.JET, 0.5);

    /** Options with the diverging BLUE_WHITE_RED for signed maps. */
    public RenderOptions(Upsampling upsampling, Normalization normalization, Colormap colormap, double alpha) {
        this(upsampling, normalization, colormap, alpha, Colormap.BLUE_WHITE_RED);
    }

    public RenderOptions {
        Objects.requireNonNull(upsampling, "upsampling");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(colormap, "colormap");
        Objects.requireNonNull(signedColormap, "signedColormap");
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
    }

    /** These options with another upsampling filter. */
    public RenderOptions withUpsampling(Upsampling upsampling) {
        return new RenderOptions(upsampling, normalization, colormap, alpha, signedColormap);
    }

    /** These options with another normalisation. */
    public RenderOptions withNormalization(Normalization normalization) {
        return new RenderOptions(upsampling, normalization, colormap, alpha, signedColormap);
    }

    /** These options with another colour scale. */
    public RenderOptions withColormap(Colormap colormap) {
        return new RenderOptions(upsampling, normalization, colormap, alpha, signedColormap);
    }

    /** These options with another opacity. */
    public RenderOptions withAlpha(double alpha) {
        return new RenderOptions(upsampling, normalization, colormap, alpha, signedColormap);
    }

    /** These options with another colour scale for signed maps. */
    public RenderOptions withSignedColormap(Colormap signedColormap) {
        return new RenderOptions(upsampling, normalization, colormap, alpha, signedColormap);
    }
}
