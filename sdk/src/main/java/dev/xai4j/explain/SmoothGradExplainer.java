package dev.xai4j.explain;

import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * {@code smoothgrad} (Smilkov et al. 2017): the gradient averaged over noisy copies of the input,
 * (1/n) Σ_i ∂y_c/∂x (x + ε_i) with ε_i ~ N(0, σ²), σ = noise · (max x − min x). Seeded, so the same
 * request gives the same map. Costs ⌈samples / batch_size⌉ forward and backward passes of its own.
 */
final class SmoothGradExplainer implements Explainer {

    @Override
    public String id() {
        return "smoothgrad";
    }

    @Override
    public String description() {
        return "SmoothGrad: input gradients averaged over noisy copies of the image, batched";
    }

    @Override
    public String displayName() {
        return "SmoothGrad";
    }

    @Override
    public boolean singlePass() {
        return false;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("samples", 16, 1, 1024, "noisy copies averaged"),
                ParameterSpec.number("noise", 0.15, 0.0, 1.0, false, "noise σ as a share of the input's value range"),
                ParameterSpec.integer("seed", 0, null, null, "random seed of the noise"),
                InputGradients.batchSize(),
                InputGradients.reduction("max-abs"));
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        return Optional.empty();
    }

    @Override
    public Requirements requirements(ModelInfo model, Parameters p) {
        return Requirements.none();
    }

    @Override
    public Attribution explain(ExplainContext ctx, Parameters p) {
        float[] x = ctx.pixels().data();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double sigma = p.number("noise") * (max - min);
        long seed = p.integer("seed");
        float[] mean = InputGradients.meanGradient(ctx, p.integer("samples"), k -> {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + k);
            float[] v = new float[x.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (x[i] + sigma * r.nextGaussian());
            }
            return v;
        }, p.integer("batch_size"));
        Tensor raw = new Tensor(mean, ctx.pixels().shape());
        return new Attribution(InputGradients.reduce(raw, p.text("channel_reduction")), raw);
    }
}
