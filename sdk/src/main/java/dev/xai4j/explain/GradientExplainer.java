package dev.xai4j.explain;

import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code gradient} (Simonyan et al. 2014): the saliency ∂y_c/∂x of the target logit w.r.t. the
 * preprocessed input, raw [3, H, W]; the map is by default the largest magnitude over channels.
 * {@code input-x-gradient}: x ⊙ ∂y_c/∂x, by default summed over channels (signed).
 */
final class GradientExplainer implements Explainer {

    private final boolean timesInput;

    GradientExplainer() {
        this(false);
    }

    GradientExplainer(boolean timesInput) {
        this.timesInput = timesInput;
    }

    @Override
    public String id() {
        return timesInput ? "input-x-gradient" : "gradient";
    }

    @Override
    public String description() {
        return timesInput ? "Input × gradient of the target logit, per pixel"
                : "Gradient (saliency) of the target logit w.r.t. the input pixels";
    }

    @Override
    public String displayName() {
        return timesInput ? "Input × gradient" : "Gradient (saliency)";
    }

    @Override
    public java.util.OptionalInt defaultRank() {
        return timesInput ? java.util.OptionalInt.of(6) : java.util.OptionalInt.empty();
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(InputGradients.reduction(timesInput ? "sum" : "max-abs"));
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        return Optional.empty();
    }

    @Override
    public Requirements requirements(ModelInfo model, Parameters p) {
        return new Requirements(Set.of(), Set.of(InputGradients.PIXELS));
    }

    @Override
    public Attribution explain(ExplainContext ctx, Parameters p) {
        Tensor g = ctx.gradient(InputGradients.PIXELS);
        Tensor raw = g;
        if (timesInput) {
            float[] x = ctx.pixels().data();
            float[] v = new float[x.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = x[i] * g.data()[i];
            }
            raw = new Tensor(v, g.shape());
        }
        return new Attribution(InputGradients.reduce(raw, p.text("channel_reduction")), raw);
    }
}
