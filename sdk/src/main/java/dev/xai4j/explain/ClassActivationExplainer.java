package dev.xai4j.explain;

import dev.xai4j.model.Capabilities;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.PassResult;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.TokenLayout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The class-activation-map family (the shape of pytorch-grad-cam's {@code BaseCAM}). From a feature map
 * A ∈ [K, h, w] and, for gradient methods, G = ∂y/∂A (y the target logit, or y_t − y_c for a contrastive
 * target), each method makes per-channel contributions M ∈ [K, h, w], and the map is
 * <pre>
 *   ReLU(Σ_k M_k)              by default,
 *   ReLU(p),  p = X_c v_1      with {@code eigen_smooth}, and always for the Eigen methods,
 * </pre>
 * where X_c is M laid out as [h·w, K] (a row per position) with each column's mean over the positions
 * subtracted, v_1 its first right singular vector, and p's sign such that its entry of largest
 * magnitude is positive (see {@link PrincipalComponents}). Three shapes of M cover the family:
 * <ul>
 *   <li>channel weights, M_k = w_k · A_k: Grad-CAM, Grad-CAM++, XGrad-CAM, Score-CAM, Ablation-CAM, CAM;</li>
 *   <li>element-wise, M_k = f(G_k, A_k): HiResCAM, Grad-CAM element-wise, LayerCAM;</li>
 *   <li>projections, M = A or G ⊙ A, always projected: EigenCAM, EigenGrad-CAM.</li>
 * </ul>
 * CAM alone skips the ReLU and the smoothing options.
 *
 * <p>A is any feature map the model has ({@code layer}: a block index or a feature-map capture point;
 * default the last). Where it is a token tensor [N, D] (see {@link dev.xai4j.model.FeatureMap#tokens()}),
 * the prefix tokens (CLS, distillation, registers) are dropped and the patch tokens laid on their
 * grid: A ∈ [D, g_h, g_w] (pytorch-grad-cam's {@code vit_reshape_transform}).
 *
 * <p>{@code aug_smooth} (pytorch-grad-cam's test-time augmentation): the map is computed for the input
 * and its horizontal mirror, each multiplied by 0.9, 1 and 1.1 (after normalisation), each map mirrored
 * back and min-max scaled to [0, 1] ((m − min) / (max − min + 1e-7)), and the six averaged. The unaltered
 * input is the shared pass; the five others run as one batched pass of their own (Score-CAM and
 * Ablation-CAM then run their own passes per augmentation). The averaged map is in [0, 1], no longer in
 * the raw map's units.
 */
abstract class ClassActivationExplainer implements Explainer {

    /** A feature map [channels, height, width], row-major per channel. */
    record FeatureMap(float[] values, int channels, int height, int width) {
        float at(int k, int i) {
            return values[k * height * width + i];
        }

        int positions() {
            return height * width;
        }
    }

    /**
     * What one pass gives a method for one input.
     *
     * @param pixels      the input [3, H, W]
     * @param logits      its logits [C]
     * @param capture     the activation point's value as the model holds it ([K, h, w], or tokens [N, D])
     * @param activations A on the grid
     * @param gradients   G on the grid, or null where the method takes no gradient
     */
    record Evidence(Tensor pixels, float[] logits, Tensor capture, FeatureMap activations, FeatureMap gradients) {
    }

    /** The multiplicative factors of {@code aug_smooth}, with and without a horizontal mirror (pytorch-grad-cam's). */
    static final double[] AUGMENTATION_FACTORS = {0.9, 1.0, 1.1};

    /** Whether the method needs G. */
    abstract boolean needsGradient();

    /** The contributions M [K, h, w] whose sum over channels (or first principal component) is the map. */
    abstract FeatureMap contributions(ExplainContext ctx, Parameters p, Evidence e);

    /** The capture point A comes from; by default the {@code layer} parameter. */
    String activationPoint(ModelInfo model, Parameters p) {
        return featureMapParameter(model, "layer", p.text("layer"));
    }

    /** Whether the map goes through a ReLU. */
    boolean relu() {
        return true;
    }

    /** Whether the map is always the first principal component of M (the Eigen methods). */
    boolean alwaysProjected() {
        return false;
    }

    /** Whether the method offers pytorch-grad-cam's {@code aug_smooth} and {@code eigen_smooth}. */
    boolean smoothable() {
        return true;
    }

    /** The family's parameters: {@code layer}, the method's own, then the smoothing options. */
    final List<ParameterSpec> camParameters(ParameterSpec... own) {
        List<ParameterSpec> out = new ArrayList<>();
        out.add(ParameterSpec.featureMap("layer", FEATURE_MAP_PARAMETER));
        out.addAll(List.of(own));
        if (smoothable()) {
            out.add(ParameterSpec.flag("aug_smooth", false, "test-time augmentation: average the min-max scaled maps of"
                    + " the input and its mirror image, each times 0.9, 1 and 1.1 (5 more passes)"));
            if (!alwaysProjected()) {
                out.add(ParameterSpec.flag("eigen_smooth", false, "the first principal component of the weighted"
                        + " activations instead of their sum (less noise)"));
            }
        }
        return out;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return camParameters();
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        return Optional.empty();
    }

    @Override
    public Requirements requirements(ModelInfo model, Parameters p) {
        String point = activationPoint(model, p);
        return new Requirements(Set.of(point), needsGradient() ? Set.of(point) : Set.of());
    }

    @Override
    public Attribution explain(ExplainContext ctx, Parameters p) {
        ModelInfo m = ctx.model();
        String point = activationPoint(m, p);
        Evidence shared = evidence(m, point, ctx.pixels(), ctx.logits(), ctx.capture(point),
                needsGradient() ? ctx.gradient(point) : null);
        if (!smoothable() || !p.bool("aug_smooth")) {
            return Attribution.of(map(ctx, p, shared));
        }
        // the five altered inputs in one pass; the unaltered one is the shared pass
        Tensor x = ctx.pixels();
        List<Augmentation> augmentations = new ArrayList<>();
        for (boolean mirror : new boolean[]{false, true}) {
            for (double f : AUGMENTATION_FACTORS) {
                if (mirror || f != 1.0) {
                    augmentations.add(new Augmentation(mirror, f));
                }
            }
        }
        int n = augmentations.size();
        int per = x.data().length;
        float[] values = new float[n * per];
        for (int j = 0; j < n; j++) {
            System.arraycopy(augmentations.get(j).apply(x), 0, values, j * per, per);
        }
        Tensor batch = Tensor.of(values, n, x.dim(0), x.dim(1), x.dim(2));
        PassResult r = ctx.run(ctx.request(batch, Set.of(point), needsGradient() ? Set.of(point) : Set.of()));
        Heatmap first = map(ctx, p, shared);
        double[] sum = new double[first.values().length];
        addScaled(sum, first.values());
        for (int j = 0; j < n; j++) {
            Evidence e = evidence(m, point, batch.slice(j), r.logits().slice(j).data(), r.capture(point).slice(j),
                    needsGradient() ? r.gradient(point).slice(j) : null);
            Heatmap h = map(ctx, p, e);
            addScaled(sum, augmentations.get(j).mirror() ? mirror(h).values() : h.values());
        }
        float[] out = new float[sum.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (sum[i] / (n + 1));
        }
        return Attribution.of(new Heatmap(out, first.height(), first.width()));
    }

    /** One input's map: Σ_k M_k or the first principal component of M, through the ReLU. */
    final Heatmap map(ExplainContext ctx, Parameters p, Evidence e) {
        FeatureMap contributions = contributions(ctx, p, e);
        boolean project = alwaysProjected() || (smoothable() && p.bool("eigen_smooth"));
        float[] v = project ? firstComponent(contributions) : channelSum(contributions);
        if (relu()) {
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.max(0f, v[i]);
            }
        }
        return new Heatmap(v, contributions.height(), contributions.width());
    }

    /** The evidence of one input from its captured value and gradient at {@code point}. */
    static Evidence evidence(ModelInfo m, String point, Tensor pixels, float[] logits, Tensor capture, Tensor gradient) {
        return new Evidence(pixels, logits, capture, featureMap(m, point, capture),
                gradient == null ? null : featureMap(m, point, gradient));
    }

    /** One input of {@code aug_smooth}: mirrored left-right or not, times a factor. */
    private record Augmentation(boolean mirror, double factor) {
        float[] apply(Tensor x) {
            int c = x.dim(0);
            int h = x.dim(1);
            int w = x.dim(2);
            float[] in = x.data();
            float[] out = new float[in.length];
            for (int k = 0; k < c; k++) {
                for (int y = 0; y < h; y++) {
                    int row = (k * h + y) * w;
                    for (int i = 0; i < w; i++) {
                        out[row + i] = (float) (in[row + (mirror ? w - 1 - i : i)] * factor);
                    }
                }
            }
            return out;
        }
    }

    private static Heatmap mirror(Heatmap h) {
        float[] out = new float[h.values().length];
        for (int y = 0; y < h.height(); y++) {
            for (int x = 0; x < h.width(); x++) {
                out[y * h.width() + x] = h.get(y, h.width() - 1 - x);
            }
        }
        return new Heatmap(out, h.height(), h.width());
    }

    /** Adds (v − min v) / (max v − min v + 1e-7), pytorch-grad-cam's {@code scale_cam_image}. */
    private static void addScaled(double[] sum, float[] v) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        for (int i = 0; i < v.length; i++) {
            sum[i] += (v[i] - min) / (max - min + 1e-7);
        }
    }

    /** M_k = w_k · A_k. */
    static FeatureMap weighted(FeatureMap a, float[] w) {
        int hw = a.positions();
        float[] out = new float[a.values().length];
        for (int k = 0; k < a.channels(); k++) {
            float wk = w[k];
            for (int i = 0; i < hw; i++) {
                out[k * hw + i] = wk * a.at(k, i);
            }
        }
        return new FeatureMap(out, a.channels(), a.height(), a.width());
    }

    /** M = f(G, A) elementwise. */
    static FeatureMap elementwise(FeatureMap a, FeatureMap g, java.util.function.DoubleBinaryOperator f) {
        float[] out = new float[a.values().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) f.applyAsDouble(g.values()[i], a.values()[i]);
        }
        return new FeatureMap(out, a.channels(), a.height(), a.width());
    }

    /** Σ_k M_k per position. */
    static float[] channelSum(FeatureMap m) {
        int hw = m.positions();
        float[] out = new float[hw];
        for (int k = 0; k < m.channels(); k++) {
            for (int i = 0; i < hw; i++) {
                out[i] += m.at(k, i);
            }
        }
        return out;
    }

    /**
     * The signed first principal component of M over the positions: X = M as [h·w, K], centred per
     * channel, projected on its first right singular vector; largest-magnitude entry positive.
     */
    static float[] firstComponent(FeatureMap m) {
        int hw = m.positions();
        double[][] rows = new double[hw][m.channels()];
        for (int k = 0; k < m.channels(); k++) {
            for (int i = 0; i < hw; i++) {
                rows[i][k] = m.at(k, i);
            }
        }
        double[] p = PrincipalComponents.of(rows, 1).coordinates()[0];
        float[] out = new float[hw];
        for (int i = 0; i < hw; i++) {
            out[i] = (float) p[i];
        }
        return out;
    }

    /** What a feature-map parameter accepts, for listings. */
    static final String FEATURE_MAP_PARAMETER = "a block index, negative from the end (that block's feature map), or the "
            + "name of a feature-map capture point; default: the last feature map (a CNN: the last block's output; "
            + "a transformer: the last block's first LayerNorm)";

    /**
     * The feature map a parameter names: empty → the model's last; an integer → that block's, negative
     * from the end; otherwise a feature-map capture point.
     *
     * @throws ParameterException naming the range or the known feature maps
     */
    static String featureMapParameter(ModelInfo m, String parameter, String value) {
        String v = value.trim();
        Capabilities c = m.capabilities();
        if (v.isEmpty()) {
            return c.lastFeatureMap().name();
        }
        int depth = c.blocks();
        if (v.matches("-?\\d{1,9}")) {
            int l = Integer.parseInt(v);
            if (l < -depth || l >= depth) {
                throw new ParameterException(parameter, "parameter '" + parameter + "' = " + l + " is out of range ["
                        + -depth + ", " + (depth - 1) + "] for a model with " + depth + " blocks");
            }
            return c.blockFeatureMap(l).name();
        }
        return c.featureMap(v).map(dev.xai4j.model.FeatureMap::name).orElseThrow(() -> new ParameterException(parameter,
                "parameter '" + parameter + "' = '" + v + "' is neither a block index in [" + -depth + ", " + (depth - 1)
                        + "] nor a feature map of model " + m.name() + " (" + String.join(", ", c.featureMapNames()) + ")"));
    }

    /** Mean of each channel over its spatial positions. */
    static float[] spatialMean(FeatureMap f) {
        int hw = f.positions();
        float[] w = new float[f.channels()];
        for (int k = 0; k < f.channels(); k++) {
            double s = 0;
            for (int i = 0; i < hw; i++) {
                s += f.at(k, i);
            }
            w[k] = (float) (s / hw);
        }
        return w;
    }

    /** Whether the capture point is a token tensor [N, D] rather than a map [K, h, w]. */
    static boolean tokens(ModelInfo m, String point) {
        return m.capabilities().featureMap(point).map(dev.xai4j.model.FeatureMap::tokens)
                .orElseThrow(() -> new IllegalStateException(point + " is not a feature map of " + m.name()));
    }

    /** A conv feature map [K, h, w] as it is; tokens [N, D] as [D, g_h, g_w] over the patch tokens. */
    static FeatureMap featureMap(ModelInfo m, String point, Tensor t) {
        if (!tokens(m, point)) {
            if (t.rank() != 3) {
                throw new IllegalStateException("expected a [K, h, w] feature map, got rank " + t.rank());
            }
            return new FeatureMap(t.data(), t.dim(0), t.dim(1), t.dim(2));
        }
        TokenLayout tl = m.capabilities().tokens().orElseThrow();
        int d = t.dim(1);
        int p = tl.prefixTokens();
        int n = tl.patchTokens();
        float[] out = new float[d * n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < d; k++) {
                out[k * n + j] = t.data()[(p + j) * d + k];
            }
        }
        return new FeatureMap(out, d, tl.gridHeight(), tl.gridWidth());
    }
}
