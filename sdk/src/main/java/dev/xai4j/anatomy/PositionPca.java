package dev.xai4j.anatomy;

import java.util.Arrays;

/**
 * The learned position embeddings of the g_h × g_w patches projected on their first two principal
 * components ({@link PcaProjection}), with each point's patch row and column, so that colouring the
 * points by row and by column shows whether the model learned the 2-D layout of the image.
 * Point k is patch k (row-major): {@code row[k] = ⌊k / g_w⌋}, {@code column[k] = k mod g_w}.
 * Arrays are shared, not copied: treat them as read-only.
 *
 * @param projection the PCA points (labels {@code "r,c"}) and variance ratios
 * @param row        patch row of each point
 * @param column     patch column of each point
 */
public record PositionPca(PcaProjection projection, int[] row, int[] column) {

    public PositionPca {
        if (row.length != projection.size() || column.length != projection.size()) {
            throw new IllegalArgumentException("one row and column per point");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PositionPca p && projection.equals(p.projection) && Arrays.equals(row, p.row)
                && Arrays.equals(column, p.column);
    }

    @Override
    public int hashCode() {
        return projection.hashCode() * 31 + Arrays.hashCode(row);
    }

    @Override
    public String toString() {
        return "PositionPca[" + projection + "]";
    }
}
