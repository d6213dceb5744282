package dev.xai4j.model;

import dev.xai4j.image.Interpolation;

import java.util.Arrays;

/**
 * A ViT's weights with its learned position embeddings resampled from the checkpoint's patch grid to
 * another, so that the model runs at another input size, exactly as timm's
 * {@code resample_abs_pos_embed} does by default: the prefix tokens' rows (if {@code pos_embed} has
 * any) are kept as they are, and the patch rows, laid out as D planes of g0 × g0, are resized to
 * g × g by {@code F.interpolate(mode="bicubic", antialias=True, align_corners=False)}
 * ({@link Interpolation#resize}; computed in double precision, where timm works in float32).
 * Every other tensor is passed through.
 */
final class ResampledPositions implements Weights {

    static final String NAME = "pos_embed";

    private final Weights base;
    private final int prefix;
    private final int fromGrid;
    private final int toGrid;
    private final int width;

    /**
     * @param prefix   rows of {@code pos_embed} before the patch rows (0 for timm's {@code no_embed_class})
     * @param fromGrid the checkpoint's patches per side
     * @param toGrid   the patches per side to run at
     * @param width    the token width D
     */
    ResampledPositions(Weights base, int prefix, int fromGrid, int toGrid, int width) {
        this.base = base;
        this.prefix = prefix;
        this.fromGrid = fromGrid;
        this.toGrid = toGrid;
        this.width = width;
    }

    @Override
    public boolean has(String name) {
        return base.has(name);
    }

    @Override
    public long[] shape(String name) {
        return name.equals(NAME) ? new long[]{1, prefix + (long) toGrid * toGrid, width} : base.shape(name);
    }

    @Override
    public Tensor get(String name, long... expectedShape) {
        if (!name.equals(NAME)) {
            return base.get(name, expectedShape);
        }
        Tensor stored = base.get(NAME, 1, prefix + (long) fromGrid * fromGrid, width);
        Tensor t = new Tensor(resample(stored.data(), prefix, fromGrid, toGrid, width), shape(NAME));
        if (expectedShape.length > 0 && !Arrays.equals(expectedShape, t.shape())) {
            throw new CheckpointException("position embeddings resampled to " + Arrays.toString(t.shape())
                    + " for a " + toGrid + "×" + toGrid + " grid, but the model asks for " + Arrays.toString(expectedShape));
        }
        return t;
    }

    /** [prefix + g0², D] rows → [prefix + g², D]: prefix rows copied, patch rows resized as D planes. */
    static float[] resample(float[] rows, int prefix, int fromGrid, int toGrid, int width) {
        int from = fromGrid * fromGrid;
        int to = toGrid * toGrid;
        double[] planes = new double[width * from];
        for (int p = 0; p < from; p++) {
            for (int c = 0; c < width; c++) {
                planes[c * from + p] = rows[(prefix + p) * width + c];
            }
        }
        double[] resized = Interpolation.BICUBIC.resize(planes, width, fromGrid, fromGrid, toGrid, toGrid);
        float[] out = new float[(prefix + to) * width];
        System.arraycopy(rows, 0, out, 0, prefix * width);
        for (int p = 0; p < to; p++) {
            for (int c = 0; c < width; c++) {
                out[(prefix + p) * width + c] = (float) resized[c * to + p];
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return base + " (position embeddings resampled from " + fromGrid + "×" + fromGrid + " to " + toGrid + "×" + toGrid + ")";
    }
}
