package dev.xai4j.server.api.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/v1/anatomy}: the classic inside views of a Vision Transformer on one image, from
 * one forward pass, as data and (optionally) as PNG figures. L blocks, H heads, N tokens of which P
 * are prefix tokens (CLS, DIST, REGk) and G = g_h·g_w patches, row-major.
 *
 * @param model              the model used
 * @param image              the decoded image's size
 * @param prediction         the best classes, from the same pass
 * @param layers             blocks L
 * @param heads              heads H per block
 * @param patchSize          patch side s in input pixels (the unit of attention distances)
 * @param grid               patch grid g_h × g_w
 * @param prefixTokens       prefix tokens P
 * @param tokens             the N token names: CLS, DIST, REGk, then "r,c" per patch
 * @param selection          the choices the layer-, head-, query- and patch-specific views use
 * @param clsAttention       CLS attention of every layer (heads fused) and every head of every layer
 * @param attentionRow       row {@code query} of the chosen attention matrix over the patch keys, on the grid
 * @param attentionMatrix    the chosen attention matrix
 * @param attentionDistance  mean attention distance per layer and head, and its summaries
 * @param positionSimilarity cosine similarity of the chosen patch's position embedding with every patch's
 * @param positionPca        the patches' position embeddings on their first two principal components
 * @param cls                the CLS token across the blocks
 * @param figures            figure name → base64 PNG (absent when figures=false); the CLI puts the file names here
 * @param timings            where the time went
 */
@Schema(description = "The inside views of a ViT on one image: data, and the figures as base64 PNGs")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AnatomyResponse(
        @Schema(description = "The model used") String model,
        @Schema(description = "The decoded image's size") ImageSize image,
        @Schema(description = "The best classes from the same forward pass, most probable first") List<ClassScore> prediction,
        @Schema(description = "Blocks L") int layers,
        @Schema(description = "Heads H per block") int heads,
        @Schema(description = "Patch side s in input pixels: the unit of attention distances") int patchSize,
        @Schema(description = "The patch grid") Grid grid,
        @Schema(description = "Prefix tokens P before the patch tokens (CLS, DIST, registers)") int prefixTokens,
        @Schema(description = "The N token names in model order: CLS, DIST, REGk, then \"r,c\" per patch row-major")
        List<String> tokens,
        @Schema(description = "The choices the layer-, head-, query- and patch-specific views use") Selection selection,
        @Schema(description = "CLS attention over the patch grid: every layer with the heads fused, and every head of every layer")
        ClsAttention clsAttention,
        @Schema(description = "Row 'query' of the chosen attention matrix over the patch keys, on the grid: what that "
                + "token attends to (prefix keys dropped, not renormalised)") HeatmapData attentionRow,
        @Schema(description = "The chosen layer's attention matrix, query rows × key columns") AttentionMatrix attentionMatrix,
        @Schema(description = "Mean attention distance in pixels, per layer and head, with its summaries")
        AttentionDistance attentionDistance,
        @Schema(description = "Cosine similarity of the chosen patch's position embedding with every patch's, on the grid")
        PositionSimilarity positionSimilarity,
        @Schema(description = "The patches' position embeddings on their first two principal components") PositionPca positionPca,
        @Schema(description = "The CLS token after the embeddings and after each block") ClsToken cls,
        @Schema(description = "Figure name → base64 PNG, the standard set of AnatomyFigures drawn for the selection: "
                + "heads-layer{l}, layers-{fusion}, attention-matrix-layer{l}-{heads}, attention-row-layer{l}-cls "
                + "(attention-row-layer{l}-{heads}-{query} for other heads or queries), attention-distance-scatter, "
                + "attention-distance-table, attention-distance-curve, attention-distance-bars, position-similarity-grid, "
                + "position-similarity-patch{k}, position-pca, cls-path, cls-norms, patch-grid; {heads} is mean, max, min "
                + "or head{h}, {query} cls or token{i}. Absent when figures=false")
        Map<String, String> figures,
        @Schema(description = "Where the time went") Timings timings) {

    /** This answer with other timings. */
    public AnatomyResponse withTimings(Timings t) {
        return new AnatomyResponse(model, image, prediction, layers, heads, patchSize, grid, prefixTokens, tokens,
                selection, clsAttention, attentionRow, attentionMatrix, attentionDistance, positionSimilarity,
                positionPca, cls, figures, t);
    }

    /** The patch grid. */
    @Schema(name = "AnatomyGrid", description = "The patch grid, g_h rows × g_w columns")
    public record Grid(@Schema(description = "Patch rows g_h") int height, @Schema(description = "Patch columns g_w") int width) {
    }

    /**
     * The request's choices, defaults filled in.
     *
     * @param layer      block of the attention matrix, row and heads grid (0-based, resolved)
     * @param head       {@code mean}, {@code max}, {@code min} or a head index
     * @param query      query token index of the attention row
     * @param queryToken its name
     * @param patch      patch of the position-similarity map (row-major)
     * @param patchToken its name, {@code "r,c"}
     */
    @Schema(name = "AnatomySelection", description = "The request's choices, defaults filled in")
    public record Selection(
            @Schema(description = "Block of the attention matrix, row and heads grid, 0 … L−1") int layer,
            @Schema(description = "mean, max, min, or a head index") String head,
            @Schema(description = "Query token of the attention row, 0 … N−1") int query,
            @Schema(description = "Its name", examples = "CLS") String queryToken,
            @Schema(description = "Patch of the position-similarity map, 0 … G−1 (row-major)") int patch,
            @Schema(description = "Its name, \"r,c\"", examples = "4,4") String patchToken) {
    }

    /**
     * CLS attention maps: {@code map[r,c] = F_l[0, P + r·g_w + c]}, prefix keys dropped, not renormalised.
     *
     * @param fusion how {@code layers} fuses the heads: the selection's fusion, or mean when one head is chosen
     * @param layers per layer l, the heads fused
     * @param heads  {@code heads[l][h]}: head h of layer l alone
     */
    @Schema(name = "AnatomyClsAttention", description = "CLS attention maps on the patch grid (prefix keys dropped, not "
            + "renormalised)")
    public record ClsAttention(
            @Schema(description = "How 'layers' fuses the heads: the selection's fusion, or mean when one head is chosen")
            String fusion,
            @Schema(description = "Per layer, the heads fused") List<HeatmapData> layers,
            @Schema(description = "heads[l][h]: head h of layer l") List<List<HeatmapData>> heads) {
    }

    /**
     * The attention matrix of the chosen layer and heads, N × N.
     *
     * @param layer    block l
     * @param head     mean, max, min or a head index
     * @param size     tokens N
     * @param max      the largest entry
     * @param included whether {@code values} holds the whole matrix (only when N ≤ the cap)
     * @param values   {@code values[i·N + j]}: query i, key j; absent when N is over the cap
     * @param row      row {@code query} of the matrix, over every key (N values)
     */
    @Schema(name = "AnatomyAttentionMatrix", description = "Post-softmax self-attention of one layer, query rows × key "
            + "columns, tokens named as in 'tokens'")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AttentionMatrix(
            @Schema(description = "Block l") int layer,
            @Schema(description = "mean, max, min or a head index") String head,
            @Schema(description = "Tokens N") int size,
            @Schema(description = "The largest entry") float max,
            @Schema(description = "Whether 'values' holds the whole matrix: only when N ≤ 400") boolean included,
            @Schema(description = "N·N values, row-major: values[i·N + j] = attention of query i to key j; absent when N > 400")
            float[] values,
            @Schema(description = "Row 'query' of the matrix over all N keys") float[] row) {
    }

    /**
     * Mean attention distance in pixels: {@code D[l][h] = (1/G) Σ_i Σ_j A_l[h, P+i, P+j] · s·‖(r_i, c_i) − (r_j, c_j)‖}
     * over patch queries i and keys j.
     *
     * @param perHead      {@code D[l][h]}, L × H
     * @param mean         per layer, mean over heads
     * @param min          per layer, the most local head
     * @param max          per layer, the most global head
     * @param thirdSize    layers t in each third, {@code max(1, ⌊L/3⌋)}
     * @param shallowMean  mean over the heads of layers {@code [0, t)}
     * @param deepMean     mean over the heads of layers {@code [L − t, L)}
     * @param shallowLabel caption of the shallow third
     * @param deepLabel    caption of the deep third
     */
    @Schema(name = "AnatomyAttentionDistance", description = "Mean attention distance in pixels: D[l][h] = (1/G) Σ_i Σ_j "
            + "A_l[h,P+i,P+j]·s·dist(patch i, patch j), over patch queries and keys")
    public record AttentionDistance(
            @Schema(description = "D[l][h] in pixels, L × H") double[][] perHead,
            @Schema(description = "Per layer, mean over heads") double[] mean,
            @Schema(description = "Per layer, the most local head") double[] min,
            @Schema(description = "Per layer, the most global head") double[] max,
            @Schema(description = "Layers t in each third: max(1, ⌊L/3⌋)") int thirdSize,
            @Schema(description = "Mean over all heads of layers [0, t)") double shallowMean,
            @Schema(description = "Mean over all heads of layers [L − t, L)") double deepMean,
            @Schema(description = "Caption of the shallow third", examples = "shallow third (layer 0)") String shallowLabel,
            @Schema(description = "Caption of the deep third", examples = "deep third (layer 3)") String deepLabel) {
    }

    /**
     * One patch's row of the position-embedding cosine similarity.
     *
     * @param patch the patch (row-major index)
     * @param map   {@code S[patch, k]} for every patch k, on the grid; values in [−1, 1]
     */
    @Schema(name = "AnatomyPositionSimilarity", description = "Cosine similarity of one patch's learned position embedding "
            + "with every patch's")
    public record PositionSimilarity(
            @Schema(description = "The patch, row-major") int patch,
            @Schema(description = "S[patch, k] for every patch k, on the grid, in [−1, 1]") HeatmapData map) {
    }

    /**
     * Points on the first two principal components.
     *
     * @param labels        one per point
     * @param x             first-component coordinate per point
     * @param y             second-component coordinate per point
     * @param varianceRatio explained variance ratio of the two components
     */
    @Schema(name = "AnatomyProjection", description = "Vectors projected on their first two principal components "
            + "(sign fixed so that each component's largest coordinate is positive)")
    public record Projection(
            @Schema(description = "One label per point") List<String> labels,
            @Schema(description = "First-component coordinate per point") double[] x,
            @Schema(description = "Second-component coordinate per point") double[] y,
            @Schema(description = "Explained variance ratio of the two components, [r1, r2]") double[] varianceRatio) {
    }

    /**
     * The position embeddings' PCA with each point's patch row and column.
     *
     * @param projection the points (labels {@code "r,c"}) and variance ratios
     * @param row        patch row per point
     * @param column     patch column per point
     */
    @Schema(name = "AnatomyPositionPca", description = "The patches' position embeddings on their first two principal "
            + "components; point k is patch k")
    public record PositionPca(
            @Schema(description = "Points labelled \"r,c\" and the variance ratios") Projection projection,
            @Schema(description = "Patch row per point") int[] row,
            @Schema(description = "Patch column per point") int[] column) {
    }

    /**
     * The CLS token's state after the embeddings (0) and after each block (1 … L).
     *
     * @param norms L + 1 L2 norms
     * @param path  the L + 1 states on their first two principal components, labelled 0 … L
     */
    @Schema(name = "AnatomyClsToken", description = "The CLS token after the embeddings (0) and after each block (1 … L)")
    public record ClsToken(
            @Schema(description = "L + 1 L2 norms") double[] norms,
            @Schema(description = "The L + 1 states on their first two principal components, labelled 0 … L") Projection path) {
    }
}
