package dev.xai4j.explain;

import dev.xai4j.image.GaussianBlur;
import dev.xai4j.image.Preprocessing;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;

import java.util.List;
import java.util.Optional;

/**
 * {@code integrated-gradients} (Sundararajan et al. 2017): IG(x) = (x − x′) ⊙ ∫₀¹ ∂y_c/∂x (x′ + α(x − x′)) dα,
 * the integral taken by the midpoint rule over {@code steps} points α_k = (k + ½)/steps, run in
 * batches. The baseline x′ is a black image or a Gaussian-blurred copy of the input. Completeness:
 * Σ IG ≈ y_c(x) − y_c(x′), closer with more steps. Costs ⌈steps / batch_size⌉ forward and backward
 * passes of its own.
 */
final class IntegratedGradientsExplainer implements Explainer {

    @Override
    public String id() {
        return "integrated-gradients";
    }

    @Override
    public String description() {
        return "Integrated gradients from a black or blurred baseline, batched";
    }

    @Override
    public String displayName() {
        return "Integrated gradients";
    }

    @Override
    public java.util.OptionalInt defaultRank() {
        return java.util.OptionalInt.of(7);
    }

    @Override
    public boolean singlePass() {
        return false;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.choice("baseline", "black", List.of("black", "blurred"), "the reference input x′"),
                ParameterSpec.integer("steps", 32, 1, 1024, "points on the path from the baseline to the input"),
                ParameterSpec.number("blur_sigma", 10.0, 0.5, 200.0, false, "Gaussian σ in pixels of the blurred baseline"),
                InputGradients.batchSize(),
                InputGradients.reduction("sum"));
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
        Tensor x = ctx.pixels();
        float[] base = p.text("baseline").equals("black")
                ? black(x, ctx.model().preprocessing())
                : GaussianBlur.apply(x, p.number("blur_sigma")).data();
        int steps = p.integer("steps");
        float[] xv = x.data();
        float[] mean = InputGradients.meanGradient(ctx, steps, k -> {
            float a = (k + 0.5f) / steps;
            float[] v = new float[xv.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = base[i] + a * (xv[i] - base[i]);
            }
            return v;
        }, p.integer("batch_size"));
        float[] ig = new float[xv.length];
        for (int i = 0; i < ig.length; i++) {
            ig[i] = (xv[i] - base[i]) * mean[i];
        }
        Tensor raw = new Tensor(ig, x.shape());
        return new Attribution(InputGradients.reduce(raw, p.text("channel_reduction")), raw);
    }

    /** A black image after the model's normalisation: (0 − mean_c) / std_c. */
    static float[] black(Tensor x, Preprocessing pre) {
        int hw = x.dim(1) * x.dim(2);
        float[] v = new float[x.data().length];
        for (int c = 0; c < x.dim(0); c++) {
            float b = -pre.mean()[c] / pre.std()[c];
            java.util.Arrays.fill(v, c * hw, (c + 1) * hw, b);
        }
        return v;
    }
}
