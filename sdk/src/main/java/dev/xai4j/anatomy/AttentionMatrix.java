package dev.xai4j.anatomy;

import dev.xai4j.explain.HeadSelection;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.model.TokenLayout;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The post-softmax self-attention of one layer as an N × N matrix, query rows and key columns:
 * {@code M[i,j] = A_l[h,i,j]} for one head, or the element-wise fusion of the heads
 * ({@code mean_h}, {@code max_h}, {@code min_h}). Row i is what token i attends to; with one head or
 * the mean, every row sums to 1. Tokens are ordered as the model orders them: prefix tokens
 * (CLS, DIST, REGk) then patches row-major, named by {@link TokenLayout#tokenName(int)}.
 *
 * @param layer  the block index l (0-based)
 * @param heads  which head, or which fusion of heads
 * @param tokens the token layout the rows and columns follow
 * @param values {@code N·N} values, row-major ({@code values[i·N + j]}); treat as read-only
 */
public record AttentionMatrix(int layer, HeadSelection heads, TokenLayout tokens, float[] values) {

    public AttentionMatrix {
        int n = tokens.tokenCount();
        if (values.length != n * n) {
            throw new IllegalArgumentException("attention matrix over " + n + " tokens needs " + n * n
                    + " values, got " + values.length);
        }
    }

    /** The number of tokens N. */
    public int size() {
        return tokens.tokenCount();
    }

    /** {@code M[query, key]}. */
    public float get(int query, int key) {
        int n = size();
        if (query < 0 || query >= n || key < 0 || key >= n) {
            throw new IndexOutOfBoundsException("(" + query + ", " + key + ") outside " + n + "×" + n);
        }
        return values[query * n + key];
    }

    /** Row {@code query}: the weights this token gives every key, N values. */
    public float[] row(int query) {
        int n = size();
        checkToken(query);
        return Arrays.copyOfRange(values, query * n, (query + 1) * n);
    }

    /**
     * Row {@code query} restricted to the patch keys and laid on the patch grid
     * ({@code map[r,c] = M[query, P + r·gw + c]}, P prefix tokens): what this token attends to,
     * drawable over the image. Row 0 of a CLS model is the usual CLS attention map.
     */
    public Heatmap rowMap(int query) {
        int n = size();
        checkToken(query);
        int p = tokens.prefixTokens();
        float[] out = Arrays.copyOfRange(values, query * n + p, (query + 1) * n);
        return new Heatmap(out, tokens.gridHeight(), tokens.gridWidth());
    }

    /** Axis labels, one per token: {@code CLS}, {@code DIST}, {@code REGk}, then {@code "r,c"} per patch. */
    public List<String> tokenNames() {
        return IntStream.range(0, size()).mapToObj(tokens::tokenName).toList();
    }

    /** The largest entry. */
    public float max() {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    private void checkToken(int i) {
        if (i < 0 || i >= size()) {
            throw new IndexOutOfBoundsException("token " + i + " outside [0, " + size() + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttentionMatrix m && layer == m.layer && heads.equals(m.heads) && tokens.equals(m.tokens)
                && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return ((layer * 31 + heads.hashCode()) * 31 + tokens.hashCode()) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "AttentionMatrix[layer " + layer + ", " + heads.label() + ", " + size() + "×" + size() + "]";
    }
}
