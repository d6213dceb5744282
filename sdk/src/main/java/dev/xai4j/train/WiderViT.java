package dev.xai4j.train;

import dev.xai4j.model.CheckpointException;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.ViTConfig;
import dev.xai4j.model.Weights;

import java.util.SplittableRandom;

/**
 * A trained ViT's weights for the same ViT {@code k} times as wide (D and the MLP; the same heads, each
 * k times as large) that computes the same function: Net2WiderNet (Chen et al. 2016) for transformers.
 * Training continues from there with the capacity of the wider model and none of the narrow one's
 * progress lost.
 *
 * <p>Every channel of the residual stream, the attention heads and the MLP is copied k times. A
 * LayerNorm over copies sees the same mean and variance, so its output is its old output copied. A
 * weight that reads copied inputs is split between the copies in random shares {@code s_1 … s_k}
 * (uniform in [1, 2], normalised to sum 1; for k = 2 between ⅓ and ⅔): the copies carry the same
 * value x, so the sum {@code Σ s_j w x = w x} is unchanged, while the uneven shares give the copies
 * different gradients so that they can grow apart (with even shares they would stay identical
 * forever). A head's query–key product over k copies is k times the old one and its scale
 * {@code 1/√(k·d_h)} only √k smaller, so the queries are scaled by {@code 1/√k}.
 */
final class WiderViT implements Weights {

    private final Weights narrow;
    private final ViTConfig from;
    private final int k;
    private final long seed;

    /**
     * @param narrow the trained weights of {@code from}
     * @param k      width factor (copies of every channel), at least 1
     * @param seed   seed of the shares
     */
    WiderViT(Weights narrow, ViTConfig from, int k, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("the width factor must be at least 1, got " + k);
        }
        this.narrow = narrow;
        this.from = from;
        this.k = k;
        this.seed = seed;
    }

    @Override
    public boolean has(String name) {
        return narrow.has(name);
    }

    @Override
    public long[] shape(String name) {
        long[] s = narrow.shape(name);
        if (s == null) {
            return null;
        }
        long[] w = s.clone();
        switch (kind(name)) {
            case STREAM_VECTOR, HEAD_VECTOR, MLP_VECTOR, PREFIX -> w[w.length - 1] *= k;
            case CONV_ROWS -> w[0] *= k;
            case READS_STREAM, READS_HEADS, READS_MLP -> {
                w[0] *= name.startsWith("head") ? 1 : k;
                w[1] *= k;
            }
            case AS_IS -> { }
        }
        return w;
    }

    @Override
    public Tensor get(String name, long... expectedShape) {
        long[] oldShape = narrow.shape(name);
        Tensor t = narrow.get(name, oldShape);
        float[] old = t.data();
        long[] shape = shape(name);
        if (expectedShape.length > 0 && !java.util.Arrays.equals(shape, expectedShape)) {
            throw new CheckpointException("widened tensor '" + name + "' has shape " + java.util.Arrays.toString(shape)
                    + ", expected " + java.util.Arrays.toString(expectedShape));
        }
        float[] v = new float[Math.toIntExact(Tensor.elementCount(shape))];
        int d = from.hiddenSize();
        int dh = from.headSize();
        int m = from.mlpSize();
        boolean query = name.endsWith(".attn.q.weight") || name.endsWith(".attn.q.bias");
        float queryScale = query ? (float) (1 / Math.sqrt(k)) : 1f;
        switch (kind(name)) {
            case STREAM_VECTOR, PREFIX -> {
                int rows = old.length / d;
                for (int r = 0; r < rows; r++) {
                    for (int i = 0; i < d * k; i++) {
                        v[r * d * k + i] = old[r * d + i % d];
                    }
                }
            }
            case MLP_VECTOR -> {
                for (int u = 0; u < m * k; u++) {
                    v[u] = old[u % m];
                }
            }
            case HEAD_VECTOR -> {
                for (int c = 0; c < d * k; c++) {
                    v[c] = old[headChannel(c, dh)] * queryScale;
                }
            }
            case CONV_ROWS -> {
                int row = old.length / d;
                for (int i = 0; i < d * k; i++) {
                    System.arraycopy(old, (i % d) * row, v, i * row, row);
                }
            }
            case READS_STREAM -> {
                // [out, D·k]: q/k/v (out: head channels), fc1 (out: MLP units), the classifiers (out: classes)
                int out = (int) shape[0];
                Shares s = new Shares(name, out * d);
                for (int o = 0; o < out; o++) {
                    int oo = name.endsWith("mlp.fc1.weight") ? o % m : name.startsWith("head") ? o : headChannel(o, dh);
                    for (int i = 0; i < d * k; i++) {
                        v[o * d * k + i] = old[oo * d + i % d] * s.of(o, i / d, i % d, d) * queryScale;
                    }
                }
            }
            case READS_HEADS -> {
                // attn.proj [D·k, D·k]: each output channel (stream) reads the copies of each head channel
                Shares s = new Shares(name, d * k * d);
                for (int o = 0; o < d * k; o++) {
                    for (int c = 0; c < d * k; c++) {
                        int oc = headChannel(c, dh);
                        v[o * d * k + c] = old[(o % d) * d + oc] * s.of(o, (c % (dh * k)) / dh, oc, d);
                    }
                }
            }
            case READS_MLP -> {
                // fc2 [D·k, M·k]
                Shares s = new Shares(name, d * k * m);
                for (int o = 0; o < d * k; o++) {
                    for (int u = 0; u < m * k; u++) {
                        v[o * m * k + u] = old[(o % d) * m + u % m] * s.of(o, u / m, u % m, m);
                    }
                }
            }
            case AS_IS -> System.arraycopy(old, 0, v, 0, old.length);
        }
        return new Tensor(v, shape);
    }

    /** The old head channel behind a new one: head h's channels are its old ones, copied k times in a row. */
    private int headChannel(int c, int dh) {
        int h = c / (dh * k);
        return h * dh + (c % (dh * k)) % dh;
    }

    private enum Kind { STREAM_VECTOR, HEAD_VECTOR, MLP_VECTOR, PREFIX, CONV_ROWS, READS_STREAM, READS_HEADS, READS_MLP, AS_IS }

    private static Kind kind(String name) {
        if (name.equals("patch_embed.proj.weight")) {
            return Kind.CONV_ROWS;
        }
        if (name.equals("cls_token") || name.equals("dist_token") || name.equals("reg_token") || name.equals("pos_embed")) {
            return Kind.PREFIX;
        }
        if (name.matches("blocks\\.\\d+\\.attn\\.[qkv]\\.bias")) {
            return Kind.HEAD_VECTOR;
        }
        if (name.matches("blocks\\.\\d+\\.attn\\.[qkv]\\.weight") || name.endsWith("mlp.fc1.weight")
                || name.equals("head.weight") || name.equals("head_dist.weight")) {
            return Kind.READS_STREAM;
        }
        if (name.endsWith("attn.proj.weight")) {
            return Kind.READS_HEADS;
        }
        if (name.endsWith("mlp.fc2.weight")) {
            return Kind.READS_MLP;
        }
        if (name.endsWith("mlp.fc1.bias")) {
            return Kind.MLP_VECTOR;
        }
        if (name.equals("head.bias") || name.equals("head_dist.bias")) {
            return Kind.AS_IS;
        }
        // patch_embed.proj.bias, every LayerNorm, attn.proj.bias, mlp.fc2.bias: one value per stream channel
        return Kind.STREAM_VECTOR;
    }

    /** Random shares of the k copies of each (output, old input) weight, summing to 1. */
    private final class Shares {
        private final float[] share;

        Shares(String name, int pairs) {
            SplittableRandom r = new SplittableRandom(seed * 31 + name.hashCode());
            share = new float[pairs * k];
            for (int p = 0; p < pairs; p++) {
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    share[p * k + j] = (float) (1 + r.nextDouble());
                    sum += share[p * k + j];
                }
                for (int j = 0; j < k; j++) {
                    share[p * k + j] /= (float) sum;
                }
            }
        }

        /** The share of copy {@code copy} of old input {@code in} (of {@code ins}) for new output {@code out}. */
        float of(int out, int copy, int in, int ins) {
            return share[(out * ins + in) * k + copy];
        }
    }
}
