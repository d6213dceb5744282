package dev.xai4j.anatomy;

import dev.xai4j.explain.HeadSelection;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.Capabilities;
import dev.xai4j.model.CapturePoints;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.PassResult;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.TokenLayout;
import dev.xai4j.model.VisionModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The inside of a Vision Transformer on one image, from one forward pass: the classic figures of the
 * ViT paper and the attention tutorials as data. Build it with {@link #of(VisionModel, RgbImage)};
 * draw it with {@link AnatomyFigures}.
 *
 * <p>Notation: L blocks, H heads, N tokens of which P are prefix tokens (CLS, DIST, REGk) and
 * G = g_h·g_w patch tokens, row-major; {@code A_l ∈ [H, N, N]} the post-softmax attention of block l
 * (query rows, key columns); {@code s} the patch size in pixels; patch k sits at row
 * {@code r_k = ⌊k/g_w⌋}, column {@code c_k = k mod g_w}.
 * <ul>
 *   <li>CLS attention ({@link #clsAttention(int, HeadSelection)}): {@code map[r,c] = F_l[0, P + r·g_w + c]}
 *       with {@code F_l} the chosen head of {@code A_l}, or the heads fused (mean/max/min), on the patch grid.</li>
 *   <li>Attention matrix ({@link #attentionMatrix(int, HeadSelection)}): {@code F_l} itself, N × N;
 *       a query row as a map: {@link #attentionRow(int, HeadSelection, int)}.</li>
 *   <li>Mean attention distance ({@link #attentionDistance()}), per layer and head, in pixels:
 *       {@code D[l][h] = (1/G) Σ_i Σ_j A_l[h, P+i, P+j] · d(i, j)} over patch queries i and patch keys j,
 *       {@code d(i, j) = s · √((r_i − r_j)² + (c_i − c_j)²)}; prefix rows and columns are dropped and the
 *       patch part of each row is not renormalised. Summary: {@link #distanceSummary()}.</li>
 *   <li>Position-embedding similarity ({@link #positionSimilarity()}), G × G:
 *       {@code S[i,j] = e_i·e_j / (‖e_i‖·‖e_j‖)} with {@code e_k} the learned position embedding of patch k
 *       (the prefix tokens' rows of {@code pos_embed} are dropped); its PCA: {@link #positionPca()}.</li>
 *   <li>CLS norms ({@link #clsNorms()}), L + 1 values: {@code ‖x_k[0]‖₂} for the token states
 *       {@code x_0} after the embeddings (patch projection, prefix tokens, position embeddings) and
 *       {@code x_k} after block k − 1; the PCA of those L + 1 CLS states: {@link #clsPath()}.</li>
 * </ul>
 * Instances are immutable and safe to share; array results are copies.
 */
public final class ViTAnatomy {

    private final ModelInfo info;
    private final TokenLayout tokens;
    private final RgbImage image;
    private final int layers;
    private final int heads;
    private final int patchSize;
    /** [L][H·N·N], image 0 of the pass. */
    private final float[][] attention;
    private final double[][] distance;
    private final double[][] clsStates;
    private final double[] clsNorms;
    /** [G][G]. */
    private final float[][] similarity;
    private final PcaProjection clsPath;
    private final PositionPca positionPca;
    private final DistanceSummary summary;

    private ViTAnatomy(ModelInfo info, RgbImage view, PassResult pass, Tensor posEmbed) {
        this.info = info;
        this.tokens = info.capabilities().tokens().orElseThrow();
        this.image = view;
        this.layers = info.depth();
        Capabilities.SelfAttention selfAttention = info.capabilities().attention().orElseThrow();
        this.heads = selfAttention.heads();
        this.patchSize = selfAttention.patchSize();
        int n = tokens.tokenCount();
        attention = new float[layers][];
        for (int l = 0; l < layers; l++) {
            attention[l] = first(pass.capture(attentionPoint(l)), (long) heads * n * n);
        }
        distance = distances();
        clsStates = new double[layers + 1][];
        clsNorms = new double[layers + 1];
        for (int k = 0; k <= layers; k++) {
            Tensor states = pass.capture(k == 0 ? CapturePoints.EMBEDDINGS : outputPoint(k - 1));
            int d = states.dim(-1);
            float[] v = states.data();
            double[] cls = new double[d];
            double sq = 0;
            for (int j = 0; j < d; j++) {
                // token 0 of image 0: the CLS state
                cls[j] = v[j];
                sq += cls[j] * cls[j];
            }
            clsStates[k] = cls;
            clsNorms[k] = Math.sqrt(sq);
        }
        double[][] positions = patchPositions(posEmbed);
        similarity = cosine(positions);
        clsPath = Pca.project(clsStates, IntStream.rangeClosed(0, layers).mapToObj(Integer::toString).toList());
        int g = tokens.patchTokens();
        int[] row = new int[g];
        int[] col = new int[g];
        List<String> names = new ArrayList<>(g);
        for (int k = 0; k < g; k++) {
            row[k] = k / tokens.gridWidth();
            col[k] = k % tokens.gridWidth();
            names.add(tokens.tokenName(tokens.prefixTokens() + k));
        }
        positionPca = new PositionPca(Pca.project(positions, names), row, col);
        summary = DistanceSummary.of(distance);
    }

    /**
     * Preprocesses {@code image} the model's way, runs one forward pass with {@link #captures(ModelInfo)}
     * and computes every view.
     *
     * @throws IllegalArgumentException if the model is not a ViT with a CLS token
     */
    public static ViTAnatomy of(VisionModel model, RgbImage image) {
        requireViT(model.info());
        Tensor px = model.preprocessing().apply(image);
        PassResult pass = model.run(PassRequest.forward(px.reshape(1, px.dim(0), px.dim(1), px.dim(2)),
                captures(model.info())));
        return of(model, image, pass);
    }

    /**
     * The views from a pass that already ran on {@code image} (image 0 of its batch) with at least
     * {@link #captures(ModelInfo)}, so that a caller computing explanations too needs no second pass.
     *
     * @throws IllegalArgumentException if the model is not a ViT with a CLS token, or a capture is missing
     */
    public static ViTAnatomy of(VisionModel model, RgbImage image, PassResult pass) {
        requireViT(model.info());
        return new ViTAnatomy(model.info(), model.preprocessing().resize(image), pass,
                model.parameter(model.info().capabilities().positionEmbedding().orElseThrow()));
    }

    /**
     * The capture points the views need: {@code embeddings}, and per block {@code blocks.l.output}
     * and {@code blocks.l.attention}.
     */
    public static Set<String> captures(ModelInfo info) {
        requireViT(info);
        Set<String> c = new LinkedHashSet<>();
        c.add(CapturePoints.EMBEDDINGS);
        for (int l = 0; l < info.depth(); l++) {
            c.add(outputPoint(l));
            c.add(attentionPoint(l));
        }
        return c;
    }

    /**
     * Checks that the model has what the views read: global self-attention, a CLS token and learned
     * position embeddings.
     *
     * @throws IllegalArgumentException naming what the model lacks otherwise
     */
    public static void requireViT(ModelInfo info) {
        unsupportedReason(info).ifPresent(reason -> {
            throw new IllegalArgumentException("anatomy views need " + reason + "; model " + info.name() + " ("
                    + info.family() + ") has none");
        });
    }

    /**
     * What the model lacks for the anatomy views (global self-attention over tokens, a CLS token, learned
     * position embeddings), or empty when it has all of it.
     */
    public static java.util.Optional<String> unsupportedReason(ModelInfo info) {
        Capabilities c = info.capabilities();
        if (c.attention().isEmpty() || c.tokens().isEmpty()) {
            return java.util.Optional.of("global self-attention over tokens");
        }
        if (!c.tokens().get().classToken()) {
            return java.util.Optional.of("a CLS token");
        }
        if (c.positionEmbedding().isEmpty()) {
            return java.util.Optional.of("learned position embeddings");
        }
        return java.util.Optional.empty();
    }

    private static String attentionPoint(int l) {
        return CapturePoints.attention(l);
    }

    private static String outputPoint(int l) {
        return CapturePoints.blockOutput(l);
    }

    /** The first {@code count} values: image 0 of a batch-first capture. */
    private static float[] first(Tensor t, long count) {
        if (t.data().length < count) {
            throw new IllegalArgumentException("capture of shape " + Arrays.toString(t.shape()) + " is too small");
        }
        return t.data().length == count ? t.data() : Arrays.copyOf(t.data(), (int) count);
    }

    // ---------------------------------------------------------------- what it is

    /** The model this anatomy is of. */
    public ModelInfo info() {
        return info;
    }

    /** The token layout (prefix tokens, patch grid). */
    public TokenLayout tokens() {
        return tokens;
    }

    /** The image as the model saw it (resized and cropped, not normalised): the background of overlays. */
    public RgbImage image() {
        return image;
    }

    /** Blocks L. */
    public int layers() {
        return layers;
    }

    /** Heads H per block. */
    public int heads() {
        return heads;
    }

    /** Patch size s in input pixels (the unit of attention distances). */
    public int patchSize() {
        return patchSize;
    }

    // ---------------------------------------------------------------- attention

    /**
     * What the CLS token attends to in layer {@code layer}, on the patch grid:
     * {@code map[r,c] = F_l[0, P + r·g_w + c]} (prefix keys dropped, not renormalised).
     */
    public Heatmap clsAttention(int layer, HeadSelection heads) {
        return attentionRow(layer, heads, 0);
    }

    /** {@link #clsAttention(int, HeadSelection)} of head {@code head}. */
    public Heatmap clsAttention(int layer, int head) {
        return clsAttention(layer, HeadSelection.head(head));
    }

    /** {@link #clsAttention(int, HeadSelection)} with the heads averaged. */
    public Heatmap clsAttention(int layer) {
        return clsAttention(layer, HeadSelection.MEAN);
    }

    /**
     * The attention matrix of layer {@code layer}: one head, or the heads fused element by element.
     *
     * @throws IllegalArgumentException for a layer or head out of range
     */
    public AttentionMatrix attentionMatrix(int layer, HeadSelection heads) {
        checkLayer(layer);
        // fused in double, as the fixtures' float64 reference does, then rounded once
        double[] f = heads.select(attention[layer], this.heads, tokens.tokenCount());
        float[] out = new float[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = (float) f[i];
        }
        return new AttentionMatrix(layer, heads, tokens, out);
    }

    /**
     * Row {@code query} of {@link #attentionMatrix(int, HeadSelection)} over the patch keys, on the
     * grid: what token {@code query} (0 = CLS; a patch k is token P + k) attends to.
     *
     * @throws IllegalArgumentException for a layer, head or token out of range
     */
    public Heatmap attentionRow(int layer, HeadSelection heads, int query) {
        if (query < 0 || query >= tokens.tokenCount()) {
            throw new IllegalArgumentException("query token " + query + " outside [0, " + tokens.tokenCount() + ")");
        }
        return attentionMatrix(layer, heads).rowMap(query);
    }

    /** Mean attention distance {@code D[l][h]} in pixels (formula in the class comment), L × H. */
    public double[][] attentionDistance() {
        double[][] out = new double[layers][];
        for (int l = 0; l < layers; l++) {
            out[l] = distance[l].clone();
        }
        return out;
    }

    /** Per-layer mean, min and max over heads of {@link #attentionDistance()}, and the shallow/deep thirds. */
    public DistanceSummary distanceSummary() {
        return new DistanceSummary(summary.mean().clone(), summary.min().clone(), summary.max().clone(),
                summary.thirdSize(), summary.shallowMean(), summary.deepMean());
    }

    private double[][] distances() {
        int g = tokens.patchTokens();
        int w = tokens.gridWidth();
        int p = tokens.prefixTokens();
        int n = tokens.tokenCount();
        double[] d = new double[g * g];
        for (int i = 0; i < g; i++) {
            for (int j = 0; j < g; j++) {
                d[i * g + j] = patchSize * Math.hypot(i / w - j / w, i % w - j % w);
            }
        }
        double[][] out = new double[layers][heads];
        for (int l = 0; l < layers; l++) {
            float[] a = attention[l];
            for (int h = 0; h < heads; h++) {
                double s = 0;
                for (int i = 0; i < g; i++) {
                    int row = h * n * n + (p + i) * n + p;
                    for (int j = 0; j < g; j++) {
                        s += a[row + j] * d[i * g + j];
                    }
                }
                out[l][h] = s / g;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- position embeddings

    /** Cosine similarity {@code S[i,j]} of the patches' position embeddings, G × G (a copy). */
    public float[][] positionSimilarity() {
        float[][] out = new float[similarity.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = similarity[i].clone();
        }
        return out;
    }

    /**
     * Row {@code patch} of {@link #positionSimilarity()} on the grid: how alike every patch's position
     * embedding is to that of patch {@code patch} (row-major index, 0 ≤ patch &lt; G).
     */
    public Heatmap positionSimilarity(int patch) {
        if (patch < 0 || patch >= tokens.patchTokens()) {
            throw new IllegalArgumentException("patch " + patch + " outside [0, " + tokens.patchTokens() + ")");
        }
        return new Heatmap(similarity[patch].clone(), tokens.gridHeight(), tokens.gridWidth());
    }

    /** The patches' position embeddings projected on their first two principal components. */
    public PositionPca positionPca() {
        return positionPca;
    }

    /** Patch rows of {@code pos_embed}: [1, P + G, D] loses its prefix rows; [1, G, D] (timm no_embed_class) is used as is. */
    private double[][] patchPositions(Tensor pos) {
        int g = tokens.patchTokens();
        int rows = pos.dim(-2);
        int d = pos.dim(-1);
        int skip;
        if (rows == tokens.tokenCount()) {
            skip = tokens.prefixTokens();
        } else if (rows == g) {
            skip = 0;
        } else {
            throw new IllegalArgumentException("pos_embed of shape " + Arrays.toString(pos.shape()) + " fits neither "
                    + tokens.tokenCount() + " tokens nor " + g + " patches");
        }
        double[][] out = new double[g][d];
        float[] v = pos.data();
        for (int k = 0; k < g; k++) {
            for (int j = 0; j < d; j++) {
                out[k][j] = v[(skip + k) * d + j];
            }
        }
        return out;
    }

    private static float[][] cosine(double[][] e) {
        int g = e.length;
        double[] norm = new double[g];
        for (int i = 0; i < g; i++) {
            double s = 0;
            for (double v : e[i]) {
                s += v * v;
            }
            norm[i] = Math.sqrt(s);
        }
        float[][] out = new float[g][g];
        for (int i = 0; i < g; i++) {
            for (int j = i; j < g; j++) {
                double dot = 0;
                for (int k = 0; k < e[i].length; k++) {
                    dot += e[i][k] * e[j][k];
                }
                double den = norm[i] * norm[j];
                // a zero embedding has no direction: call it unrelated rather than NaN
                float c = den > 0 ? (float) (dot / den) : 0f;
                out[i][j] = c;
                out[j][i] = c;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- CLS token

    /** {@code ‖x_k[0]‖₂} for k = 0 (after the embeddings) … L (after the last block). */
    public double[] clsNorms() {
        return clsNorms.clone();
    }

    /**
     * The L + 1 CLS states projected on their first two principal components: a path whose point k
     * (label {@code "k"}) is the state after k blocks (0 = after the embeddings).
     */
    public PcaProjection clsPath() {
        return clsPath;
    }

    // ---------------------------------------------------------------- checks

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= layers) {
            throw new IllegalArgumentException("layer " + layer + " outside [0, " + layers + ")");
        }
    }

    @Override
    public String toString() {
        return "ViTAnatomy[" + info.name() + ", " + layers + " layers × " + heads + " heads, " + tokens.tokenCount()
                + " tokens]";
    }
}
