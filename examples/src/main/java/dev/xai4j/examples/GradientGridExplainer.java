package dev.xai4j.examples;

import dev.xai4j.explain.Attribution;
import dev.xai4j.explain.ExplainContext;
import dev.xai4j.explain.Explainer;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.explain.ParameterSpec;
import dev.xai4j.explain.Parameters;
import dev.xai4j.explain.Requirements;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A method written outside the SDK and found through the service-provider interface: it is listed in
 * this module's {@code META-INF/services/dev.xai4j.explain.Explainer}, so {@code new ExplanationEngine()}
 * (and the server, with this jar on its class path) offers it by its id, {@code gradient-grid}.
 *
 * <p>The map is the input gradient's energy per cell of a coarse grid: Σ over the cell's pixels and
 * the three channels of (∂y_c/∂x)². Pooling makes the noisy pixel saliency comparable with the
 * patch-level methods. It asks the engine for one gradient, so it shares the backward pass of any
 * other gradient method in the same request.
 */
public final class GradientGridExplainer implements Explainer {

    /** The id requests use. */
    public static final String ID = "gradient-grid";

    /** The capture point of the preprocessed input; every model has it. */
    private static final String PIXELS = dev.xai4j.model.CapturePoints.PIXELS;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Energy of the input gradient per cell of a coarse grid (an example of a plug-in method)";
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(ParameterSpec.integer("cell", 16, 1, 512, "cell size in input pixels"));
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        return Optional.empty(); // any differentiable model has an input gradient
    }

    @Override
    public Requirements requirements(ModelInfo model, Parameters parameters) {
        return new Requirements(Set.of(), Set.of(PIXELS));
    }

    @Override
    public Attribution explain(ExplainContext context, Parameters parameters) {
        Tensor g = context.gradient(PIXELS); // [3, H, W] of this image and target
        int h = g.dim(1);
        int w = g.dim(2);
        int cell = parameters.integer("cell");
        int rows = (h + cell - 1) / cell;
        int cols = (w + cell - 1) / cell;
        float[] energy = new float[rows * cols];
        float[] d = g.data();
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = d[(c * h + y) * w + x];
                    energy[(y / cell) * cols + x / cell] += v * v;
                }
            }
        }
        return Attribution.of(new Heatmap(energy, rows, cols));
    }
}
