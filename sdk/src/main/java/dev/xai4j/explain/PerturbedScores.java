package dev.xai4j.explain;

import dev.xai4j.model.Intervention;
import dev.xai4j.model.PassResult;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.Tensor;

import java.util.Set;
import java.util.function.IntFunction;

/**
 * The explained score ({@link ExplainContext#score}) of many altered copies of the input, run as batched
 * forward passes: what the perturbation methods (Score-CAM, Ablation-CAM, occlusion) share. Memory grows
 * with the batch size, not with the number of copies.
 */
final class PerturbedScores {

    /** The change to a layer for the copies {@code start} … {@code start + size − 1} of one batch. */
    @FunctionalInterface
    interface BatchIntervention {
        Intervention of(int start, int size);
    }

    private PerturbedScores() {
    }

    /** The score of each of {@code count} inputs made by {@code input} (values [3, H, W]), {@code batchSize} per pass. */
    static double[] of(ExplainContext ctx, int count, int batchSize, IntFunction<float[]> input) {
        return of(ctx, count, batchSize, input, null);
    }

    /** As {@link #of(ExplainContext, int, int, IntFunction)}, each batch with a layer changed by {@code change}. */
    static double[] of(ExplainContext ctx, int count, int batchSize, IntFunction<float[]> input, BatchIntervention change) {
        long[] shape = ctx.pixels().shape();
        int per = ctx.pixels().data().length;
        double[] s = new double[count];
        for (int start = 0; start < count; start += batchSize) {
            int b = Math.min(batchSize, count - start);
            float[] x = new float[b * per];
            for (int j = 0; j < b; j++) {
                System.arraycopy(input.apply(start + j), 0, x, j * per, per);
            }
            PassRequest r = ctx.request(Tensor.of(x, b, shape[0], shape[1], shape[2]), Set.of(), Set.of());
            PassResult res = ctx.run(change == null ? r : r.withIntervention(change.of(start, b)));
            int classes = res.logits().dim(1);
            for (int j = 0; j < b; j++) {
                s[start + j] = ctx.score(res.logits().data(), j * classes);
            }
        }
        return s;
    }
}
