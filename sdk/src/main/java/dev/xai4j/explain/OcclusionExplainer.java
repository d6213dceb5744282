package dev.xai4j.explain;

import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.TokenLayout;

import java.util.List;
import java.util.Optional;

/**
 * {@code occlusion} (Zeiler &amp; Fergus 2014), as Captum's {@code Occlusion} computes it: a window of
 * s × s pixels (all three channels) slides over the input with stride t, top-left corners at multiples
 * of t, ⌈(S − s)/t⌉ + 1 positions per axis (the last one cut at the border where it overhangs). For each
 * window, d = y(x) − y(x with the window set to the baseline); each pixel's attribution is the mean of d
 * over the windows that cover it, per channel (raw [3, H, W]); the map is its sum over the channels. y is
 * the target logit, or y_c − y_b for a contrastive target.
 *
 * <p>Defaults: on a model with patch tokens, s = t = the patch size (one window per patch, so the map is
 * constant on each patch); otherwise s = S/8 and t = s/2. Baseline {@code mean}: 0 after normalisation, the
 * dataset's mean colour (Captum's {@code baselines=0}); {@code black}: a black image.
 *
 * <p>Gradient-free, and it costs one forward pass per window position (225 at 224 px with s = 28,
 * t = 14; 196 on ViT-B/16), run {@code batch_size} at a time.
 */
final class OcclusionExplainer implements Explainer {

    @Override
    public String id() {
        return "occlusion";
    }

    @Override
    public String description() {
        return "Occlusion: the drop of the target's score when a sliding window is blanked out;"
                + " one forward pass per window position, batched";
    }

    @Override
    public String displayName() {
        return "Occlusion";
    }

    @Override
    public boolean singlePass() {
        return false;
    }

    @Override
    public List<ParameterSpec> parameters() {
        return List.of(
                ParameterSpec.integer("window", 0, 0, 4096, "side of the occluded square in pixels; 0: the patch size"
                        + " on a model with patch tokens, else an eighth of the input"),
                ParameterSpec.integer("stride", 0, 0, 4096, "step between windows in pixels; 0: the window on a model"
                        + " with patch tokens, else half the window"),
                ParameterSpec.choice("baseline", "mean", List.of("mean", "black"),
                        "what the window shows: the mean colour (0 after normalisation) or black"),
                ParameterSpec.integer("batch_size", 16, 1, 256, "occluded inputs per model pass"));
    }

    @Override
    public Optional<String> unsupportedReason(ModelInfo model) {
        return Optional.empty();
    }

    @Override
    public Requirements requirements(ModelInfo model, Parameters p) {
        int[] g = geometry(model, p);
        for (int i = 0; i < 2; i++) {
            int size = i == 0 ? model.inputHeight() : model.inputWidth();
            if (g[i] > size) {
                throw new ParameterException("window", "parameter 'window' = " + g[i] + " is larger than the input ("
                        + model.inputHeight() + " × " + model.inputWidth() + ")");
            }
        }
        return Requirements.none();
    }

    /** {window rows, window columns, stride rows, stride columns} for this model. */
    static int[] geometry(ModelInfo m, Parameters p) {
        int window = p.integer("window");
        int stride = p.integer("stride");
        Optional<TokenLayout> tokens = m.capabilities().tokens();
        int wh;
        int ww;
        if (window > 0) {
            wh = window;
            ww = window;
        } else if (tokens.isPresent()) {
            wh = Math.max(1, m.inputHeight() / tokens.get().gridHeight());
            ww = Math.max(1, m.inputWidth() / tokens.get().gridWidth());
        } else {
            wh = Math.max(1, Math.round(Math.min(m.inputHeight(), m.inputWidth()) / 8f));
            ww = wh;
        }
        int th;
        int tw;
        if (stride > 0) {
            th = stride;
            tw = stride;
        } else if (tokens.isPresent()) {
            th = wh;
            tw = ww;
        } else {
            th = Math.max(1, wh / 2);
            tw = Math.max(1, ww / 2);
        }
        return new int[]{wh, ww, th, tw};
    }

    @Override
    public Attribution explain(ExplainContext ctx, Parameters p) {
        int[] g = geometry(ctx.model(), p);
        Tensor x = ctx.pixels();
        int c = x.dim(0);
        int h = x.dim(1);
        int w = x.dim(2);
        int plane = h * w;
        int per = c * plane;
        float[] base = p.text("baseline").equals("black")
                ? IntegratedGradientsExplainer.black(x, ctx.model().preprocessing()) : new float[per];
        int rows = positions(h, g[0], g[2]);
        int cols = positions(w, g[1], g[3]);
        int windows = rows * cols;
        double y = ctx.score(ctx.logits());
        double[] scores = PerturbedScores.of(ctx, windows, p.integer("batch_size"), i -> {
            float[] v = x.data().clone();
            int[] win = window(i, cols, g, h, w);
            for (int ch = 0; ch < c; ch++) {
                for (int r = win[0]; r < win[1]; r++) {
                    int off = ch * plane + r * w;
                    System.arraycopy(base, off + win[2], v, off + win[2], win[3] - win[2]);
                }
            }
            return v;
        });
        double[] sum = new double[plane];
        int[] count = new int[plane];
        for (int i = 0; i < windows; i++) {
            int[] win = window(i, cols, g, h, w);
            for (int r = win[0]; r < win[1]; r++) {
                for (int q = win[2]; q < win[3]; q++) {
                    sum[r * w + q] += y - scores[i];
                    count[r * w + q]++;
                }
            }
        }
        float[] raw = new float[per];
        float[] map = new float[plane];
        for (int i = 0; i < plane; i++) {
            float v = count[i] == 0 ? 0f : (float) (sum[i] / count[i]);
            for (int ch = 0; ch < c; ch++) {
                raw[ch * plane + i] = v;
            }
            map[i] = c * v;
        }
        return new Attribution(new Heatmap(map, h, w), new Tensor(raw, x.shape().clone()));
    }

    /** Window positions along an axis of {@code size}: ⌈(size − window)/stride⌉ + 1. */
    private static int positions(int size, int window, int stride) {
        return (size - window + stride - 1) / stride + 1;
    }

    /** Window {@code i}'s rows [from, to) and columns [from, to), cut at the border. */
    private static int[] window(int i, int cols, int[] g, int h, int w) {
        int r0 = (i / cols) * g[2];
        int c0 = (i % cols) * g[3];
        return new int[]{r0, Math.min(r0 + g[0], h), c0, Math.min(c0 + g[1], w)};
    }
}
