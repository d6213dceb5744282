package dev.xai4j.explain;

import dev.xai4j.model.CapturePoints;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.TokenLayout;

import java.util.List;
import java.util.Optional;

/** The attention arithmetic that the attention-based methods share. */
final class AttentionMaps {

    static final List<String> FUSIONS = HeadFusion.labels();

    private AttentionMaps() {
    }

    /** Why an attention method does not apply, or empty for a model with global self-attention and a CLS token. */
    static Optional<String> needsClassTokenAttention(ModelInfo m) {
        if (m.capabilities().attention().isEmpty()) {
            return Optional.of("it reads global self-attention over the tokens, which this model does not have");
        }
        if (!tokens(m).classToken()) {
            return Optional.of("it reads the CLS token's row, and this model has no CLS token");
        }
        return Optional.empty();
    }

    /** The token layout of a model that has one (checked by {@link #needsClassTokenAttention} first). */
    static TokenLayout tokens(ModelInfo m) {
        return m.capabilities().tokens().orElseThrow(() -> new IllegalStateException("model " + m.name() + " has no tokens"));
    }

    /** Attention heads per block of a model with self-attention. */
    static int heads(ModelInfo m) {
        return m.capabilities().attention().orElseThrow(() -> new IllegalStateException("model " + m.name()
                + " has no self-attention")).heads();
    }

    static String attention(int layer) {
        return CapturePoints.attention(layer);
    }

    /**
     * The heads of an attention tensor [H, N, N] as one N × N matrix (row-major): head {@code head}
     * when ≥ 0, else the heads fused by {@code fusion} (see {@link HeadSelection#select}).
     */
    static double[] fuse(Tensor a, String fusion, int head) {
        HeadSelection heads = head >= 0 ? HeadSelection.head(head) : HeadSelection.fused(HeadFusion.parse(fusion));
        return heads.select(a.data(), a.dim(0), a.dim(1));
    }

    /** Row {@code r} of an N × N matrix, restricted to the patch tokens, laid on the patch grid. */
    static Heatmap patchRow(double[] m, int n, int r, TokenLayout t) {
        int p = t.prefixTokens();
        float[] out = new float[t.patchTokens()];
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) m[r * n + p + j];
        }
        return new Heatmap(out, t.gridHeight(), t.gridWidth());
    }

    /** rᵀ · M for a row vector r of length N and an N × N row-major matrix M. */
    static double[] rowTimes(double[] r, double[] m, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double x = r[i];
            if (x == 0) {
                continue;
            }
            int mo = i * n;
            for (int j = 0; j < n; j++) {
                out[j] += x * m[mo + j];
            }
        }
        return out;
    }

    /** Row {@code i} of the N × N identity. */
    static double[] unitRow(int n, int i) {
        double[] r = new double[n];
        r[i] = 1;
        return r;
    }
}
