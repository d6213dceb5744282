package dev.xai4j.eval;

import dev.xai4j.data.Mask;
import dev.xai4j.explain.ExplainRequest;
import dev.xai4j.explain.ExplainResult;
import dev.xai4j.explain.Explanation;
import dev.xai4j.explain.ExplanationEngine;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.explain.ImageExplanations;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.Target;
import dev.xai4j.image.Preprocessing;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.VisionModel;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Scores explanation methods on images with the faithfulness, sanity, complexity, robustness and
 * localisation metrics of {@link Metric}: for each image and method, values and curves
 * ({@link MethodMetrics}).
 *
 * <p><b>Frame.</b> As in {@link Evaluation}: each image goes through the model's resize and crop, its
 * mask through the same (thresholded at ½); perturbations act on the normalised input [3, H, W].
 *
 * <p><b>Metrics</b> (formulas and sources on the classes named; defaults in {@link MetricOptions}):
 * <ul>
 *   <li>{@code perturbation}, {@code road}, {@code morf-lerf}: {@link RemovalCurves}; every perturbed
 *       image of a map goes through batched forward passes.</li>
 *   <li>{@code mprt}, the model-parameter randomisation test of Adebayo et al. 2018 ("Sanity checks for
 *       saliency maps", NeurIPS), cascading: the parameters are grouped by block
 *       ({@link VisionModel#parameterNames()} in graph order: embedding or stem, each block, final
 *       norm and classifier) and, from the classifier down, one more group at a time is replaced by
 *       random values ({@link VisionModel#withRandomParameters}: a new model from the same graph
 *       builder; the caller's model is never changed). After each step every image is explained again
 *       for the same class, and Spearman's ρ and SSIM ({@link Agreement}) between the original and the
 *       randomised map (absolute values, each divided by its maximum) are recorded. A method whose
 *       ρ stays at or above {@link MetricOptions#sanityThreshold()} once the whole model is random fails
 *       the check: its map does not depend on what the model learnt.</li>
 *   <li>{@code random-logit}, Sixt et al. 2020 ("When explanations lie: why many modified BP
 *       attributions fail", ICML): a class {@code c' ≠ c} drawn uniformly (seeded per image) is
 *       explained, and ρ and SSIM between the maps for c and c' (as for mprt) are recorded; high
 *       similarity means the map does not tell classes apart.</li>
 *   <li>{@code sparseness}, {@code complexity}: {@link Complexity}, on the map's own grid.</li>
 *   <li>{@code max-sensitivity}, Yeh et al. 2019 ("On the (in)fidelity and sensitivity of
 *       explanations", NeurIPS), as Quantus normalises it:
 *       {@code max_{j ≤ N} ‖Φ(x + δ_j) − Φ(x)‖₂ / ‖Φ(x)‖₂} with δ_j uniform in the L∞ ball of radius r
 *       (in [0, 1] intensity, added to the 8-bit image and clamped to [0, 255]), the same class
 *       explained; maps compared on their own grid. The N perturbed images go through one explanation
 *       call per batch. A zero map's value is the unnormalised maximum.</li>
 *   <li>{@code relevance-mass}, {@code relevance-rank}: {@link Metrics}, against the input's mask.</li>
 * </ul>
 */
public final class ExplanationMetrics {

    private final ExplanationEngine engine;
    private final MetricOptions options;

    /** Metrics with the built-in explainers and default options. */
    public ExplanationMetrics() {
        this(new ExplanationEngine(), MetricOptions.DEFAULTS);
    }

    public ExplanationMetrics(ExplanationEngine engine, MetricOptions options) {
        this.engine = engine;
        this.options = options;
    }

    /** An input in the model's frame. */
    private record Prepared(String name, RgbImage image, Tensor pixels, Mask mask, Target target) {
    }

    /** Running results of one (input, method). */
    private static final class Entry {
        final Map<String, Double> values = new LinkedHashMap<>();
        final Map<String, Curve> curves = new LinkedHashMap<>();
        final List<RandomisationStep> steps = new ArrayList<>();
        Heatmap map;
        int target;
        String label;
    }

    /**
     * Scores every method on every input.
     *
     * @param progress told units done / units in all: one unit per input, plus one per input and
     *                 randomisation step for {@code mprt}
     * @throws dev.xai4j.explain.ParameterException for an unknown or inapplicable method or parameter
     * @throws IllegalArgumentException for no inputs, methods or metrics, a top-k target, a localisation
     *                                  metric on an input without a mask, or a patch size that does not
     *                                  divide the model's input
     */
    public List<ImageMetrics> evaluate(VisionModel model, List<MetricInput> inputs, List<MethodRequest> methods,
                                       Set<Metric> metrics, ProgressListener progress) {
        ModelInfo info = model.info();
        if (inputs.isEmpty() || methods.isEmpty() || metrics.isEmpty()) {
            throw new IllegalArgumentException("metrics need at least one input, method and metric");
        }
        List<String> names = new ArrayList<>();
        for (MethodRequest m : methods) {
            engine.validate(info, m);
            names.add(Evaluation.rowName(m));
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("methods must have distinct names: " + names);
        }
        Set<Metric> wanted = EnumSet.copyOf(metrics);
        for (MetricInput in : inputs) {
            if (in.target() instanceof Target.TopK) {
                throw new IllegalArgumentException("input " + in.name() + ": metrics explain one class per image, not " + in.target());
            }
            for (Metric m : wanted) {
                if (m.needsMask() && in.mask() == null) {
                    throw new IllegalArgumentException("metric " + m.id() + " needs an object mask, and input " + in.name() + " has none");
                }
            }
        }
        int h = info.inputHeight();
        int w = info.inputWidth();
        if (wanted.contains(Metric.PERTURBATION) && (h % options.patchSize() != 0 || w % options.patchSize() != 0)) {
            throw new IllegalArgumentException("patch size " + options.patchSize() + " does not divide the model's "
                    + h + "x" + w + " input");
        }
        if (wanted.contains(Metric.RANDOM_LOGIT) && info.numClasses() < 2) {
            throw new IllegalArgumentException("the random-logit test needs a model with at least 2 classes");
        }
        Map<String, Set<String>> groups = wanted.contains(Metric.MPRT)
                ? ParameterGroups.cascade(new ArrayList<>(model.parameterNames())) : Map.of();
        int total = inputs.size() * (1 + groups.size());
        int done = 0;

        List<Prepared> prepared = new ArrayList<>();
        for (MetricInput in : inputs) {
            prepared.add(prepare(in, info.preprocessing()));
        }
        List<Target> targets = prepared.stream().map(Prepared::target).toList();
        List<ImageExplanations> original = explain(model, prepared, targets, methods);
        Entry[][] entries = new Entry[prepared.size()][methods.size()];
        RemovalCurves.Logits logits = RemovalCurves.Logits.of(model);
        double[] fractions = options.roadFractions().stream().mapToDouble(Double::doubleValue).toArray();
        for (int i = 0; i < prepared.size(); i++) {
            Prepared p = prepared.get(i);
            ImageExplanations img = original.get(i);
            int predicted = img.prediction().best().index();
            for (int r = 0; r < methods.size(); r++) {
                Explanation e = img.explanations().get(r);
                Entry entry = new Entry();
                entries[i][r] = entry;
                entry.map = e.map();
                entry.target = e.target();
                entry.label = e.targetLabel();
                String what = names.get(r) + " on " + p.name();
                try {
                    local(entry, p, predicted, wanted, logits, fractions, new SplittableRandom(seed(i, r)), info);
                } catch (IllegalArgumentException ex) {
                    throw new IllegalArgumentException(what + ": " + ex.getMessage(), ex);
                }
            }
            if (wanted.contains(Metric.MAX_SENSITIVITY)) {
                maxSensitivity(model, p, i, entries[i], methods);
            }
            progress.progress(++done, total);
        }
        if (wanted.contains(Metric.RANDOM_LOGIT)) {
            randomLogit(model, prepared, entries, methods);
        }
        if (!groups.isEmpty()) {
            Set<String> randomised = new LinkedHashSet<>();
            List<Target> explained = new ArrayList<>();
            for (Entry[] row : entries) {
                explained.add(Target.index(row[0].target));
            }
            for (Map.Entry<String, Set<String>> g : groups.entrySet()) {
                randomised.addAll(g.getValue());
                try (VisionModel random = model.withRandomParameters(randomised, options.seed())) {
                    List<ImageExplanations> again = explain(random, prepared, explained, methods);
                    for (int i = 0; i < prepared.size(); i++) {
                        for (int r = 0; r < methods.size(); r++) {
                            Heatmap m = again.get(i).explanations().get(r).map();
                            Entry entry = entries[i][r];
                            entry.steps.add(new RandomisationStep(g.getKey(), similarity(entry.map, m, true),
                                    similarity(entry.map, m, false)));
                        }
                        progress.progress(++done, total);
                    }
                }
            }
        }

        List<ImageMetrics> out = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            ImageExplanations img = original.get(i);
            List<MethodMetrics> rows = new ArrayList<>();
            for (int r = 0; r < methods.size(); r++) {
                Entry e = entries[i][r];
                Boolean passed = null;
                if (!e.steps.isEmpty()) {
                    RandomisationStep last = e.steps.get(e.steps.size() - 1);
                    e.values.put("mprt_spearman", last.spearman());
                    e.values.put("mprt_ssim", last.ssim());
                    passed = last.spearman() < options.sanityThreshold();
                }
                rows.add(new MethodMetrics(names.get(r), e.target, e.label, e.values, e.curves, e.steps, passed));
            }
            out.add(new ImageMetrics(prepared.get(i).name(), img.prediction().best().index(),
                    img.prediction().best().label(), rows));
        }
        return out;
    }

    /** Scores without progress reports. */
    public List<ImageMetrics> evaluate(VisionModel model, List<MetricInput> inputs, List<MethodRequest> methods,
                                       Set<Metric> metrics) {
        return evaluate(model, inputs, methods, metrics, ProgressListener.NONE);
    }

    /** The metrics of one map that need no further explanation calls. */
    private void local(Entry e, Prepared p, int predicted, Set<Metric> wanted, RemovalCurves.Logits logits,
                       double[] fractions, SplittableRandom random, ModelInfo info) {
        if (wanted.contains(Metric.SPARSENESS)) {
            e.values.put("sparseness", Complexity.sparseness(e.map));
        }
        if (wanted.contains(Metric.COMPLEXITY)) {
            e.values.put("complexity", Complexity.complexity(e.map));
        }
        if (wanted.contains(Metric.RELEVANCE_MASS)) {
            e.values.put("relevance_mass", Metrics.relevanceMassAccuracy(e.map, p.mask()));
        }
        if (wanted.contains(Metric.RELEVANCE_RANK)) {
            e.values.put("relevance_rank", Metrics.relevanceRankAccuracy(e.map, p.mask()));
        }
        if (wanted.contains(Metric.PERTURBATION)) {
            RemovalCurves.Perturbation c = RemovalCurves.perturbation(p.pixels(), e.map, fill(p.pixels(), info.preprocessing()),
                    options.patchSize(), predicted, e.target, logits, options.scoringBatch());
            e.curves.put("perturbation_positive", c.positive());
            e.curves.put("perturbation_negative", c.negative());
            e.curves.put("perturbation_positive_target", c.positiveTarget());
            e.curves.put("perturbation_negative_target", c.negativeTarget());
            e.values.put("perturbation_positive_auc", 100 * c.positive().area());
            e.values.put("perturbation_negative_auc", 100 * c.negative().area());
            e.values.put("perturbation_positive_target_auc", 100 * c.positiveTarget().area());
            e.values.put("perturbation_negative_target_auc", 100 * c.negativeTarget().area());
        }
        boolean road = wanted.contains(Metric.ROAD);
        if (road || wanted.contains(Metric.MORF_LERF)) {
            RemovalCurves.Road c = RemovalCurves.road(p.pixels(), e.map, fractions, options.roadNoise(), random, e.target,
                    logits, options.scoringBatch());
            if (road) {
                e.curves.put("road_morf", c.morf());
                e.curves.put("road_lerf", c.lerf());
                e.values.put("road_morf_area", c.morf().area());
                e.values.put("road_lerf_area", c.lerf().area());
            }
            if (wanted.contains(Metric.MORF_LERF)) {
                e.curves.put("road_morf_logit", c.morfLogit());
                e.curves.put("road_lerf_logit", c.lerfLogit());
                e.values.put("morf_lerf_logit", c.lerfLogit().area() - c.morfLogit().area());
            }
        }
    }

    /** The removal value per channel in normalised units. */
    private float[] fill(Tensor pixels, Preprocessing pre) {
        float[] out = new float[3];
        int plane = pixels.dim(1) * pixels.dim(2);
        for (int c = 0; c < 3; c++) {
            out[c] = switch (options.removal()) {
                case BLACK -> -pre.mean()[c] / pre.std()[c];
                case ZERO -> 0f;
                case MEAN -> {
                    double s = 0;
                    for (int p = 0; p < plane; p++) {
                        s += pixels.data()[c * plane + p];
                    }
                    yield (float) (s / plane);
                }
            };
        }
        return out;
    }

    /** Max-sensitivity of every method on one input: N noisy copies explained for the same class. */
    private void maxSensitivity(VisionModel model, Prepared p, int index, Entry[] row, List<MethodRequest> methods) {
        SplittableRandom random = new SplittableRandom(seed(index, -1));
        byte[] rgb = p.image().rgb();
        double radius = options.sensitivityRadius() * 255;
        List<RgbImage> noisy = new ArrayList<>();
        for (int j = 0; j < options.sensitivitySamples(); j++) {
            byte[] out = new byte[rgb.length];
            for (int k = 0; k < rgb.length; k++) {
                double v = (rgb[k] & 0xff) + (2 * random.nextDouble() - 1) * radius;
                out[k] = (byte) Math.max(0, Math.min(255, Math.round(v)));
            }
            noisy.add(new RgbImage(p.image().width(), p.image().height(), out));
        }
        double[] worst = new double[methods.size()];
        Target target = Target.index(row[0].target);
        for (int from = 0; from < noisy.size(); from += options.batchSize()) {
            List<RgbImage> batch = noisy.subList(from, Math.min(noisy.size(), from + options.batchSize()));
            ExplainResult result = engine.explain(model, new ExplainRequest(batch, target, methods, 1));
            for (ImageExplanations img : result.images()) {
                for (int r = 0; r < methods.size(); r++) {
                    worst[r] = Math.max(worst[r], relativeDistance(img.explanations().get(r).map(), row[r].map));
                }
            }
        }
        for (int r = 0; r < methods.size(); r++) {
            row[r].values.put("max_sensitivity", worst[r]);
        }
    }

    /** ‖a − b‖₂ / ‖b‖₂ (‖a − b‖₂ when b is zero). */
    static double relativeDistance(Heatmap a, Heatmap b) {
        float[] x = a.values();
        float[] y = b.values();
        if (x.length != y.length) {
            throw new IllegalArgumentException("maps of " + x.length + " and " + y.length + " cells");
        }
        double d = 0;
        double n = 0;
        for (int i = 0; i < x.length; i++) {
            d += (double) (x[i] - y[i]) * (x[i] - y[i]);
            n += (double) y[i] * y[i];
        }
        return n > 0 ? Math.sqrt(d / n) : Math.sqrt(d);
    }

    /** The random-logit test of every input and method. */
    private void randomLogit(VisionModel model, List<Prepared> prepared, Entry[][] entries, List<MethodRequest> methods) {
        int classes = model.info().numClasses();
        List<Target> others = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            int c = entries[i][0].target;
            int other = new SplittableRandom(seed(i, -2)).nextInt(classes - 1);
            others.add(Target.index(other >= c ? other + 1 : other));
        }
        List<ImageExplanations> again = explain(model, prepared, others, methods);
        for (int i = 0; i < prepared.size(); i++) {
            for (int r = 0; r < methods.size(); r++) {
                Entry e = entries[i][r];
                Heatmap m = again.get(i).explanations().get(r).map();
                e.values.put("random_logit_spearman", similarity(e.map, m, true));
                e.values.put("random_logit_ssim", similarity(e.map, m, false));
                e.values.put("random_logit_class", (double) ((Target.ClassIndex) others.get(i)).index());
            }
        }
    }

    /** Spearman's ρ (or SSIM) of the two maps' absolute values, each divided by its maximum. */
    static double similarity(Heatmap a, Heatmap b, boolean spearman) {
        Heatmap x = absoluteNormalised(a);
        Heatmap y = absoluteNormalised(b);
        return spearman ? Agreement.spearman(x, y) : Agreement.ssim(x, y);
    }

    static Heatmap absoluteNormalised(Heatmap m) {
        float[] v = m.values();
        float max = 0;
        for (float f : v) {
            max = Math.max(max, Math.abs(f));
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = max > 0 ? Math.abs(v[i]) / max : 0;
        }
        return new Heatmap(out, m.height(), m.width());
    }

    /** Explains every input for its target, inputs of one target batched together; results in input order. */
    private List<ImageExplanations> explain(VisionModel model, List<Prepared> prepared, List<Target> targets,
                                            List<MethodRequest> methods) {
        ImageExplanations[] out = new ImageExplanations[prepared.size()];
        Map<Target, List<Integer>> byTarget = new LinkedHashMap<>();
        for (int i = 0; i < prepared.size(); i++) {
            byTarget.computeIfAbsent(targets.get(i), t -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<Target, List<Integer>> g : byTarget.entrySet()) {
            List<Integer> idx = g.getValue();
            for (int from = 0; from < idx.size(); from += options.batchSize()) {
                List<Integer> batch = idx.subList(from, Math.min(idx.size(), from + options.batchSize()));
                ExplainResult r = engine.explain(model, new ExplainRequest(
                        batch.stream().map(i -> prepared.get(i).image()).toList(), g.getKey(), methods, 1));
                for (int j = 0; j < batch.size(); j++) {
                    out[batch.get(j)] = r.images().get(j);
                }
            }
        }
        return List.of(out);
    }

    private static Prepared prepare(MetricInput in, Preprocessing pre) {
        RgbImage image = pre.resize(in.image());
        Mask mask = in.mask() == null ? null : image == in.image() ? in.mask() : Evaluation.resizeMask(in.mask(), pre);
        return new Prepared(in.name(), image, pre.apply(image), mask, in.target());
    }

    /** A seed per input and method (or per input and purpose, with a negative method index). */
    private long seed(int input, int method) {
        return options.seed() * 0x9E3779B97F4A7C15L + input * 0xBF58476D1CE4E5B9L + method * 0x94D049BB133111EBL;
    }
}
