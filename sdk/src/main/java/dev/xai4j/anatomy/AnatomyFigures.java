package dev.xai4j.anatomy;

import dev.xai4j.explain.HeadFusion;
import dev.xai4j.explain.HeadSelection;
import dev.xai4j.model.TokenLayout;
import dev.xai4j.render.HeatmapRenderer;
import dev.xai4j.render.Panel;
import dev.xai4j.render.RenderOptions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The anatomy figures of a {@link ViTAnatomy} as PNG bytes. Overlays reuse {@link HeatmapRenderer}
 * (and {@link Panel} for a single map) on the image as the model saw it; charts with axes are drawn
 * with XChart; the matrix-like figures (attention matrix, similarity grids, patch grid, table) are
 * drawn directly, each with a title, axis labels and a colour bar where colour carries a value.
 * Everything renders headless (AWT is put in headless mode unless the caller chose otherwise).
 *
 * <ul>
 *   <li>{@link #headsGrid}: CLS attention of every head of one layer, tiles "layer l · head h";</li>
 *   <li>{@link #layersGrid}: CLS attention of every layer, heads fused, tiles "layer l";</li>
 *   <li>{@link #attentionRowMap}: one query row of an attention matrix over the image;</li>
 *   <li>{@link #attentionMatrix}: the N × N matrix with token axes, colour bar, values when N ≤ 20;</li>
 *   <li>{@link #distanceScatter}, {@link #distanceTable}: mean attention distance per head;</li>
 *   <li>{@link #distanceCurve}, {@link #distanceBars}: its mean per layer with the min–max band, and
 *       shallow vs deep thirds;</li>
 *   <li>{@link #positionSimilarityGrid}, {@link #positionSimilarity}: cosine similarity of position
 *       embeddings, all patches or one;</li>
 *   <li>{@link #positionPca}: position embeddings on two principal components, by row and by column;</li>
 *   <li>{@link #clsPath}, {@link #clsNorms}: the CLS token across blocks;</li>
 *   <li>{@link #patchGrid}: the image cut into patches, with patch indices;</li>
 *   <li>{@link #standardSet}: all of them with default choices, by file name.</li>
 * </ul>
 */
public final class AnatomyFigures {

    /** Height of one overlay tile in the grids, in pixels. */
    public static final int TILE = 160;

    private AnatomyFigures() {
    }

    // ================================================================= attention over the image

    /** {@link #headsGrid(ViTAnatomy, int, RenderOptions)} with {@link RenderOptions#DEFAULT}. */
    public static byte[] headsGrid(ViTAnatomy a, int layer) {
        return headsGrid(a, layer, RenderOptions.DEFAULT);
    }

    /**
     * The input, then the CLS attention of each head of {@code layer} over it, each tile captioned
     * "layer l · head h" with that head's mean attention distance; each map normalised on its own.
     */
    public static byte[] headsGrid(ViTAnatomy a, int layer, RenderOptions options) {
        return AttentionMapFigures.headsGrid(a, layer, options);
    }

    /** {@link #layersGrid(ViTAnatomy, HeadFusion, RenderOptions)} with {@link RenderOptions#DEFAULT}. */
    public static byte[] layersGrid(ViTAnatomy a, HeadFusion fusion) {
        return layersGrid(a, fusion, RenderOptions.DEFAULT);
    }

    /** The input, then the CLS attention of each layer with its heads fused, tiles captioned "layer l". */
    public static byte[] layersGrid(ViTAnatomy a, HeadFusion fusion, RenderOptions options) {
        return AttentionMapFigures.layersGrid(a, fusion, options);
    }

    /**
     * Row {@code query} of the attention matrix as a map over the image (what that token attends to),
     * beside the input: a {@link Panel}.
     */
    public static byte[] attentionRowMap(ViTAnatomy a, int layer, HeadSelection heads, int query) {
        return AttentionMapFigures.attentionRowMap(a, layer, heads, query);
    }

    // ================================================================= tokens

    /** The image as the model saw it, cut into its patches, each labelled with its patch index k. */
    public static byte[] patchGrid(ViTAnatomy a) {
        return PatchGridFigure.draw(a);
    }

    /**
     * The attention matrix of {@code layer} (one head or fused) as a heatmap: query rows, key columns,
     * axes labelled by token (CLS, DIST, REGk, "r,c"; thinned when there are many), a colour bar from 0
     * to the largest entry, and every cell's value written in it when N ≤ 20.
     */
    public static byte[] attentionMatrix(ViTAnatomy a, int layer, HeadSelection heads) {
        return AttentionMatrixFigure.draw(a, layer, heads);
    }

    // ================================================================= attention distance

    /**
     * Mean attention distance of every head against depth (x = layer, y = pixels; the heads of a
     * layer spread slightly sideways so that none hides another), with the per-layer mean as a line.
     */
    public static byte[] distanceScatter(ViTAnatomy a) {
        return DistanceFigures.scatter(a);
    }

    /** The distances as a table: a row per layer, a column per head, then the mean; cells shaded by value. */
    public static byte[] distanceTable(ViTAnatomy a) {
        return DistanceFigures.table(a);
    }

    /** Mean attention distance per layer (mean over heads) with the band between the most local and most global head. */
    public static byte[] distanceCurve(ViTAnatomy a) {
        return DistanceFigures.curve(a);
    }

    /** Bars of the mean attention distance of the shallow third and of the deep third of the layers. */
    public static byte[] distanceBars(ViTAnatomy a) {
        return DistanceFigures.bars(a);
    }

    // ================================================================= position embeddings

    /**
     * The ViT paper's position-embedding figure: for each patch (r, c), at grid position (r, c), a
     * small map of the cosine similarity of its position embedding with every patch's; colour −1 … 1.
     */
    public static byte[] positionSimilarityGrid(ViTAnatomy a) {
        return PositionFigures.similarityGrid(a);
    }

    /**
     * One patch's row of the position similarity, large: every patch coloured by the cosine
     * similarity of its position embedding with that of {@code patch} (outlined), values written in
     * the cells when they are large enough.
     */
    public static byte[] positionSimilarity(ViTAnatomy a, int patch) {
        return PositionFigures.similarity(a, patch);
    }

    /**
     * The patches' position embeddings on their first two principal components, twice: coloured by
     * patch row (left) and by patch column (right). A model that learned the 2-D layout shows ordered
     * bands of colour.
     */
    public static byte[] positionPca(ViTAnatomy a) {
        return PositionFigures.pca(a);
    }

    // ================================================================= CLS token

    /** The CLS states after 0 … L blocks on their first two principal components, joined in order, points labelled 0 … L. */
    public static byte[] clsPath(ViTAnatomy a) {
        return ClsFigures.path(a);
    }

    /** The CLS token's L2 norm after 0 … L blocks. */
    public static byte[] clsNorms(ViTAnatomy a) {
        return ClsFigures.norms(a);
    }

    // ================================================================= all

    /**
     * Every figure with default choices (last layer, mean fusion, CLS query, centre patch), keyed by
     * a file-name stem: {@code heads-layer{L-1}}, {@code layers-mean}, {@code attention-matrix-layer{L-1}-mean},
     * {@code attention-row-layer{L-1}-cls}, {@code attention-distance-scatter}, {@code attention-distance-table},
     * {@code attention-distance-curve}, {@code attention-distance-bars}, {@code position-similarity-grid},
     * {@code position-similarity-patch{k}}, {@code position-pca}, {@code cls-path}, {@code cls-norms},
     * {@code patch-grid}.
     */
    public static Map<String, byte[]> standardSet(ViTAnatomy a) {
        int last = a.layers() - 1;
        TokenLayout t = a.tokens();
        int centre = (t.gridHeight() / 2) * t.gridWidth() + t.gridWidth() / 2;
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("heads-layer" + last, headsGrid(a, last));
        out.put("layers-mean", layersGrid(a, HeadFusion.MEAN));
        out.put("attention-matrix-layer" + last + "-mean", attentionMatrix(a, last, HeadSelection.MEAN));
        out.put("attention-row-layer" + last + "-cls", attentionRowMap(a, last, HeadSelection.MEAN, 0));
        out.put("attention-distance-scatter", distanceScatter(a));
        out.put("attention-distance-table", distanceTable(a));
        out.put("attention-distance-curve", distanceCurve(a));
        out.put("attention-distance-bars", distanceBars(a));
        out.put("position-similarity-grid", positionSimilarityGrid(a));
        out.put("position-similarity-patch" + centre, positionSimilarity(a, centre));
        out.put("position-pca", positionPca(a));
        out.put("cls-path", clsPath(a));
        out.put("cls-norms", clsNorms(a));
        out.put("patch-grid", patchGrid(a));
        return out;
    }
}
