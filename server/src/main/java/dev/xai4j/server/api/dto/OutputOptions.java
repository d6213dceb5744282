package dev.xai4j.server.api.dto;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * What an explanation answer carries besides the prediction. Every field is optional.
 *
 * @param raw           include each map's raw values (default true)
 * @param overlay       include each map drawn over the image as a base64 PNG (default false)
 * @param colormap      colour scale of overlays
 * @param alpha         opacity of the colour layer of overlays
 * @param normalization how raw values are scaled to colours
 * @param upsampling    how maps are resized to the image
 * @param overlaySize   longest side of overlay PNGs in pixels (images are never enlarged)
 * @param agreement     include the pairwise Spearman agreement of the maps (default true)
 */
@Schema(description = "Output options: raw maps, PNG overlays, agreement matrix")
public record OutputOptions(
        @Schema(description = "Include each map's raw values (row-major floats with height and width)", defaultValue = "true")
        Boolean raw,
        @Schema(description = "Include each map drawn over the image, as a base64 PNG", defaultValue = "false")
        Boolean overlay,
        @Schema(description = "Colour scale of the overlays", defaultValue = "jet",
                enumeration = {"jet", "viridis", "inferno", "turbo", "grey", "blue_white_red"})
        String colormap,
        @Schema(description = "Opacity of the colour layer (0 = image only, 1 = colours only)", defaultValue = "0.5",
                minimum = "0", maximum = "1")
        Double alpha,
        @Schema(description = "How raw values are scaled to colours: auto (symmetric for signed maps, max otherwise), "
                + "max, min_max, symmetric, percentile (1st to 99th)", defaultValue = "auto",
                enumeration = {"auto", "max", "min_max", "symmetric", "percentile"})
        String normalization,
        @Schema(description = "How maps are resized to the image", defaultValue = "bilinear",
                enumeration = {"nearest", "bilinear", "bicubic"})
        String upsampling,
        @Schema(description = "Longest side of overlay PNGs in pixels; smaller images keep their size", defaultValue = "512",
                minimum = "16", maximum = "4096")
        Integer overlaySize,
        @Schema(description = "Include the pairwise Spearman rank correlation of the maps", defaultValue = "true")
        Boolean agreement) {

    /** All defaults. */
    public static final OutputOptions DEFAULT = new OutputOptions(null, null, null, null, null, null, null, null);
}
