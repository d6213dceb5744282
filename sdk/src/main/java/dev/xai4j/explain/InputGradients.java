package dev.xai4j.explain;

import dev.xai4j.model.CapturePoints;
import dev.xai4j.model.PassResult;
import dev.xai4j.model.Tensor;

import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/** What the input-gradient methods share: channel reduction and averaged gradients over many inputs. */
final class InputGradients {

    static final String PIXELS = CapturePoints.PIXELS;
    static final List<String> REDUCTIONS = List.of("sum", "abs-sum", "max-abs");

    private InputGradients() {
    }

    static ParameterSpec reduction(String defaultValue) {
        return ParameterSpec.choice("channel_reduction", defaultValue, REDUCTIONS,
                "how the 3 colour channels become one map: signed sum, sum of magnitudes, or largest magnitude");
    }

    static ParameterSpec batchSize() {
        return ParameterSpec.integer("batch_size", 16, 1, 256, "inputs per model pass");
    }

    /** Reduces a [3, H, W] attribution to an [H, W] map. */
    static Heatmap reduce(Tensor chw, String how) {
        int c = chw.dim(0);
        int hw = chw.dim(1) * chw.dim(2);
        float[] v = chw.data();
        float[] out = new float[hw];
        for (int i = 0; i < hw; i++) {
            float acc = 0;
            for (int k = 0; k < c; k++) {
                float x = v[k * hw + i];
                acc = switch (how) {
                    case "abs-sum" -> acc + Math.abs(x);
                    case "max-abs" -> Math.max(acc, Math.abs(x));
                    default -> acc + x;
                };
            }
            out[i] = acc;
        }
        return new Heatmap(out, chw.dim(1), chw.dim(2));
    }

    /**
     * The mean gradient of the explained score w.r.t. the input over {@code count} inputs made by
     * {@code input}, run {@code batch} at a time.
     */
    static float[] meanGradient(ExplainContext ctx, int count, IntFunction<float[]> input, int batch) {
        long[] shape = ctx.pixels().shape();
        int per = ctx.pixels().data().length;
        double[] sum = new double[per];
        for (int start = 0; start < count; start += batch) {
            int b = Math.min(batch, count - start);
            float[] x = new float[b * per];
            for (int i = 0; i < b; i++) {
                System.arraycopy(input.apply(start + i), 0, x, i * per, per);
            }
            PassResult r = ctx.run(ctx.request(Tensor.of(x, b, shape[0], shape[1], shape[2]), Set.of(), Set.of(PIXELS)));
            float[] g = r.gradient(PIXELS).data();
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < per; j++) {
                    sum[j] += g[i * per + j];
                }
            }
        }
        float[] mean = new float[per];
        for (int j = 0; j < per; j++) {
            mean[j] = (float) (sum[j] / count);
        }
        return mean;
    }
}
