package dev.xai4j.explain;

import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A third-party explainer as a user would write one, registered by the test that uses it through a
 * {@code META-INF/services/dev.xai4j.explain.Explainer} of its own: the L2 norm of each patch token
 * after the last block.
 */
public class PatchNormExplainer implements Explainer {

    @Override
    public String id() {
        return "test-patch-norm";
    }

    @Override
    public String description() {
        return "L2 norm of each patch token after the last block";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of();
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        return model.capabilities().tokens().isEmpty() ? Optional.of("needs tokens") : Optional.empty();
    }

    @Override
    public Requirements requirements(ModelInfo model, Parameters parameters) {
        return Requirements.captures(Set.of("blocks." + (model.depth() - 1) + ".output"));
    }

    @Override
    public Attribution explain(ExplainContext ctx, Parameters parameters) {
        ModelInfo m = ctx.model();
        Tensor t = ctx.capture("blocks." + (m.depth() - 1) + ".output");
        int d = t.dim(1);
        int p = m.capabilities().tokens().orElseThrow().prefixTokens();
        float[] out = new float[m.capabilities().tokens().orElseThrow().patchTokens()];
        for (int j = 0; j < out.length; j++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                float v = t.data()[(p + j) * d + k];
                s += v * v;
            }
            out[j] = (float) Math.sqrt(s);
        }
        return Attribution.of(new Heatmap(out, m.capabilities().tokens().orElseThrow().gridHeight(), m.capabilities().tokens().orElseThrow().gridWidth()));
    }
}
