package dev.xai4j.train;

import dev.xai4j.model.Tensor;
import dev.xai4j.model.ViTConfig;
import dev.xai4j.model.Weights;

/**
 * The starting weights of a ViT trained from scratch here: {@link Weights#random} everywhere except
 * the position embeddings and the query/key projections, which start so that attention is local.
 *
 * <p>Why: with the usual N(0, 0.02²) start, every head's attention is uniform, the CLS token sees the
 * mean of all patch embeddings, and a small ViT on a few ten thousand scenes sits at chance for
 * hundreds of steps (measured here). Starting attention local gives the convolution-like bias that
 * small ViTs lack (the idea of mimetic initialisation, Trockman &amp; Kolter 2023):
 * <ul>
 *   <li>position embedding of the patch at row r, column c (prefix tokens 0): in each head's slice of
 *       D/H dimensions, {@code sin(ω r), cos(ω r), sin(ω c), cos(ω c)} for D/(4H) frequencies ω of
 *       that head; head 0 has the lowest frequencies (broad attention), the last head the highest
 *       (attention to the nearest patches);</li>
 *   <li>{@code W_q = W_k = I + N(0, 0.02²)}, so that a head's score between two tokens starts as the
 *       dot product of their layer-normed states in that head's slice: similar positions and similar
 *       content (the same object's colour) attend to each other.</li>
 * </ul>
 * Only the start differs; everything is trained, and the saved checkpoint is an ordinary ViT.
 */
final class LocalAttentionInit implements Weights {

    private final ViTConfig config;
    private final Weights random;

    LocalAttentionInit(ViTConfig config, long seed) {
        this.config = config;
        this.random = Weights.random(seed);
    }

    @Override
    public boolean has(String name) {
        return random.has(name);
    }

    @Override
    public long[] shape(String name) {
        return random.shape(name);
    }

    @Override
    public Tensor get(String name, long... shape) {
        if (name.equals("pos_embed")) {
            return positions(shape);
        }
        if (name.endsWith(".attn.q.weight") || name.endsWith(".attn.k.weight")) {
            Tensor t = random.get(name, shape);
            int d = (int) shape[0];
            float[] v = t.data().clone();
            for (int i = 0; i < d; i++) {
                v[i * d + i] += 1f;
            }
            return new Tensor(v, shape.clone());
        }
        return random.get(name, shape);
    }

    private Tensor positions(long[] shape) {
        int n = (int) shape[1];
        int d = (int) shape[2];
        int g = config.gridSize();
        int prefix = n - g * g;
        int heads = config.heads();
        int slice = d / heads;
        int perHead = slice / 4;
        int frequencies = perHead * heads;
        float[] v = new float[n * d];
        for (int p = 0; p < g * g; p++) {
            int r = p / g;
            int c = p % g;
            int row = (prefix + p) * d;
            for (int h = 0; h < heads; h++) {
                for (int k = 0; k < perHead; k++) {
                    // geometric from 0.15 rad per patch (about half a period across the grid) to π/2
                    double f = 0.15 * Math.pow((Math.PI / 2) / 0.15, (double) (h * perHead + k) / Math.max(1, frequencies - 1));
                    int at = row + h * slice + 4 * k;
                    v[at] = (float) Math.sin(f * r);
                    v[at + 1] = (float) Math.cos(f * r);
                    v[at + 2] = (float) Math.sin(f * c);
                    v[at + 3] = (float) Math.cos(f * c);
                }
            }
        }
        return new Tensor(v, shape.clone());
    }

    @Override
    public String toString() {
        return "local-attention start (" + random + ")";
    }
}
