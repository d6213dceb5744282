package dev.xai4j.eval;

import dev.xai4j.explain.Heatmap;
import dev.xai4j.render.Upsampling;

/**
 * The order in which a map removes an input's pixels, alone or in square patches: the map is resized
 * bilinearly to the input's H × W ({@link Upsampling#BILINEAR}, as Chefer et al. upsample their
 * 14 × 14 maps), then, for patches of p × p pixels, summed over each patch; units are ranked by that
 * relevance, highest first for "most relevant first", lowest first otherwise (ties: lower row-major
 * index first, {@link Ranking}).
 */
final class RemovalOrder {

    private final int[] units;
    private final int height;
    private final int width;
    private final int patch;

    private RemovalOrder(int[] units, int height, int width, int patch) {
        this.units = units;
        this.height = height;
        this.width = width;
        this.patch = patch;
    }

    /**
     * @param patch 1 for single pixels, else the side of the square patches (must divide H and W)
     * @throws IllegalArgumentException if the patch side does not divide the input, or the map has NaN
     */
    static RemovalOrder of(Heatmap map, int height, int width, int patch, boolean mostRelevantFirst) {
        if (patch < 1 || height % patch != 0 || width % patch != 0) {
            throw new IllegalArgumentException("patch side " + patch + " does not divide the " + height + "x" + width + " input");
        }
        Heatmap up = map.height() == height && map.width() == width ? map : Upsampling.BILINEAR.resize(map, height, width);
        int gh = height / patch;
        int gw = width / patch;
        float[] v = new float[gh * gw];
        float[] u = up.values();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                v[(y / patch) * gw + x / patch] += u[y * width + x];
            }
        }
        if (!mostRelevantFirst) {
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
        }
        return new RemovalOrder(Ranking.descending(new Heatmap(v, gh, gw)), height, width, patch);
    }

    /** Units (pixels or patches) in all. */
    int units() {
        return units.length;
    }

    /** Units removed at a fraction: ⌊fraction · units + 10⁻⁹⌋ (Chefer et al.'s int(base_size · step)). */
    int removedAt(double fraction) {
        return (int) Math.floor(fraction * units.length + 1e-9);
    }

    /** Row-major flags of the H × W pixels in the first {@code k} units. */
    boolean[] removed(int k) {
        boolean[] out = new boolean[height * width];
        int gw = width / patch;
        for (int i = 0; i < k; i++) {
            int unit = units[i];
            int y0 = unit / gw * patch;
            int x0 = unit % gw * patch;
            for (int dy = 0; dy < patch; dy++) {
                for (int dx = 0; dx < patch; dx++) {
                    out[(y0 + dy) * width + x0 + dx] = true;
                }
            }
        }
        return out;
    }
}
