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
import dev.xai4j.model.FeatureMap;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.Prediction;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.VisionModel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Scores explanation methods against ground truth: for a model, an {@link EvaluationSet} and a list
 * of methods, an {@link EvaluationTable} with one row per method plus a random-map baseline.
 *
 * <p><b>Frame.</b> Everything is measured in the model's input frame: each image goes through the
 * model's resize and crop ({@link Preprocessing#resize}), each mask through the same resize and crop
 * (then thresholded at ½), and every map is resized bilinearly to the input's H × W. Generated scenes
 * at the model's size pass unchanged.
 *
 * <p><b>Trials.</b> A single-object sample is one trial with its label as target: accuracy (top-1 of
 * the explaining pass), pointing game, energy pointing game, IoU of the top 15 % and deletion/insertion
 * AUC ({@link Metrics}, {@link DeletionInsertion}). A multi-object sample is one trial per object,
 * that object's class as target: class discrimination. The table also reports how often the model
 * names every object of a multi-object sample (its n classes are its n best): a method cannot point
 * at an object for a class the model does not see there, so class discrimination reads against it.
 *
 * <p><b>Batching.</b> {@link ExplainRequest} has one target for all its images, so the trials of a
 * window of {@code 8 · batchSize} samples are grouped by target class and each group is explained
 * {@code batchSize} images per engine call, all methods sharing that call's pass. Grouping over a
 * window (rather than within each batch, or one call per image) keeps the calls nearly full while only
 * a window of images is in memory. Deletion/insertion curves of several maps (methods, baseline and
 * images of one call) share forward passes up to {@link EvaluationOptions#scoringBatch()} images.
 *
 * <p><b>Baseline.</b> The {@code random} row scores, per trial, a map of independent uniform values
 * on the model's own grid (the ViT's patch grid, or the ResNet's last feature map: input / 32 for four
 * stages), seeded by the options' seed, the sample index and the object, then upsampled like any
 * map: a random map as coarse as the CAM-style maps it is compared to, so "better than random" is not
 * won by granularity alone.
 *
 * <p><b>Timing.</b> ms per image charges every method the engine's shared pass divided by the batch
 * size (the pass it would need on its own, at most) plus the method's own time.
 */
public final class Evaluation {

    /** The baseline row's name. */
    public static final String RANDOM = "random";

    /** Samples grouped together, in batches: enough for nearly full single-target calls. */
    private static final int WINDOW_BATCHES = 8;

    private final ExplanationEngine engine;
    private final EvaluationOptions options;

    /** An evaluation with the built-in explainers and default options. */
    public Evaluation() {
        this(new ExplanationEngine(), EvaluationOptions.DEFAULTS);
    }

    public Evaluation(ExplanationEngine engine, EvaluationOptions options) {
        this.engine = engine;
        this.options = options;
    }

    /** One (sample, object) pair explained for the object's class. */
    private record Trial(int sample, int object, int label) {
    }

    /** A sample in the model's frame. */
    private record Prepared(String name, RgbImage image, List<Mask> masks, List<Integer> labels,
                            Tensor pixels, Tensor blurred) {
        boolean single() {
            return masks.size() == 1;
        }
    }

    /** Running sums of one row. */
    private static final class Totals {
        int localisation;
        int pointingHits;
        double energy;
        double iou;
        int discrimination;
        int discriminationHits;
        int curves;
        double deletion;
        double insertion;
        int timed;
        double nanos;

        MetricRow row(String method, boolean baseline) {
            return new MetricRow(method, baseline, mean(pointingHits, localisation), mean(energy, localisation),
                    mean(iou, localisation), mean(discriminationHits, discrimination), mean(deletion, curves),
                    mean(insertion, curves), baseline ? null : mean(nanos / 1e6, timed));
        }

        private static Double mean(double sum, int n) {
            return n == 0 ? null : sum / n;
        }
    }

    /**
     * Evaluates the methods on every sample of the set.
     *
     * @param progress told samples done / samples in all after every engine call
     * @throws dev.xai4j.explain.ParameterException for an unknown or inapplicable method or parameter
     * @throws IllegalArgumentException for a class index outside the model's classes, or a method
     *                                  returning NaN (naming method and sample)
     */
    public EvaluationTable run(VisionModel model, EvaluationSet set, List<MethodRequest> methods,
                               ProgressListener progress) {
        ModelInfo info = model.info();
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("no methods to evaluate");
        }
        List<String> names = new ArrayList<>();
        for (MethodRequest m : methods) {
            engine.validate(info, m); // fail before any work, not halfway through the set
            names.add(rowName(m));
        }
        if (new HashSet<>(names).size() != names.size() || names.contains(RANDOM)) {
            throw new IllegalArgumentException("method rows must have distinct names other than '" + RANDOM + "': " + names);
        }
        int h = info.inputHeight();
        int w = info.inputWidth();
        double sigma = options.blurSigmaFor(h);
        FeatureMap grid = info.capabilities().lastFeatureMap();
        DeletionInsertion.Scorer scorer = DeletionInsertion.softmax(model);

        int rows = methods.size() + 1; // the baseline last
        Totals[] totals = new Totals[rows];
        for (int r = 0; r < rows; r++) {
            totals[r] = new Totals();
        }
        int singles = 0;
        int multis = 0;
        int correct = 0;
        int named = 0; // multi-object samples whose classes are all among the model's top n
        int done = 0;
        int window = WINDOW_BATCHES * options.batchSize();
        for (int from = 0; from < set.size(); from += window) {
            Map<Integer, Prepared> prepared = new TreeMap<>();
            Map<Integer, List<Trial>> byLabel = new TreeMap<>();
            Map<Integer, Integer> open = new TreeMap<>(); // trials left per sample, to report whole samples
            for (int i = from; i < Math.min(set.size(), from + window); i++) {
                Prepared p = prepare(set.get(i), info, sigma);
                prepared.put(i, p);
                open.put(i, p.masks().size());
                if (p.single()) {
                    singles++;
                } else {
                    multis++;
                }
                for (int j = 0; j < p.masks().size(); j++) {
                    byLabel.computeIfAbsent(p.labels().get(j), k -> new ArrayList<>()).add(new Trial(i, j, p.labels().get(j)));
                }
            }
            for (Map.Entry<Integer, List<Trial>> group : byLabel.entrySet()) {
                List<Trial> trials = group.getValue();
                for (int b = 0; b < trials.size(); b += options.batchSize()) {
                    List<Trial> batch = trials.subList(b, Math.min(trials.size(), b + options.batchSize()));
                    ExplainResult result = engine.explain(model, new ExplainRequest(
                            batch.stream().map(t -> prepared.get(t.sample()).image()).toList(),
                            Target.index(group.getKey()), methods, topK(batch, prepared)));
                    List<DeletionInsertion.Job> jobs = new ArrayList<>();
                    List<Integer> jobRows = new ArrayList<>();
                    for (int i = 0; i < batch.size(); i++) {
                        Trial t = batch.get(i);
                        Prepared p = prepared.get(t.sample());
                        ImageExplanations img = result.images().get(i);
                        if (p.single() && img.prediction().best().index() == t.label()) {
                            correct++;
                        }
                        if (!p.single() && t.object() == 0 && namesAll(img, p.labels())) {
                            named++;
                        }
                        for (int r = 0; r < rows; r++) {
                            boolean baseline = r == methods.size();
                            Heatmap map;
                            if (baseline) {
                                map = randomMap(grid, t);
                            } else {
                                // one target: explanations come in method order
                                Explanation e = img.explanations().get(r);
                                map = e.map();
                                totals[r].timed++;
                                totals[r].nanos += (double) e.passNanos() / batch.size() + e.methodNanos();
                            }
                            String what = (baseline ? RANDOM : names.get(r)) + " on sample " + p.name();
                            try {
                                Mask mask = p.masks().get(t.object());
                                Heatmap up = Metrics.onMaskGrid(map, mask);
                                if (p.single()) {
                                    score(totals[r], up, mask, options.pointingTolerance());
                                    jobs.add(new DeletionInsertion.Job(p.pixels(), p.blurred(), up, t.label()));
                                    jobRows.add(r);
                                } else {
                                    totals[r].discrimination++;
                                    totals[r].discriminationHits += Metrics.pointsAt(up, p.masks(), t.object(), options.pointingTolerance()) ? 1 : 0;
                                }
                            } catch (IllegalArgumentException ex) {
                                throw new IllegalArgumentException(what + ": " + ex.getMessage(), ex);
                            }
                        }
                    }
                    List<DeletionInsertion.Curves> curves = DeletionInsertion.run(jobs, scorer, options.scoringBatch());
                    for (int j = 0; j < curves.size(); j++) {
                        Totals tt = totals[jobRows.get(j)];
                        tt.curves++;
                        tt.deletion += curves.get(j).deletionAuc();
                        tt.insertion += curves.get(j).insertionAuc();
                    }
                    for (Trial t : batch) {
                        if (open.merge(t.sample(), -1, Integer::sum) == 0) {
                            done++;
                        }
                    }
                    progress.progress(done, set.size());
                }
            }
        }
        List<MetricRow> out = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            boolean baseline = r == methods.size();
            out.add(totals[r].row(baseline ? RANDOM : names.get(r), baseline));
        }
        return new EvaluationTable(info.name(), set.name(), singles, multis,
                singles == 0 ? null : (double) correct / singles, multis == 0 ? null : (double) named / multis,
                sigma, options.pointingTolerance(), out);
    }

    /**
     * Enough of the prediction to see whether a multi-object sample's classes are all in its top n
     * (the engine's prediction caps it at the model's classes).
     */
    private static int topK(List<Trial> batch, Map<Integer, Prepared> prepared) {
        int k = 1;
        for (Trial t : batch) {
            k = Math.max(k, new HashSet<>(prepared.get(t.sample()).labels()).size());
        }
        return k;
    }

    /** Whether every one of the sample's n distinct classes is among the prediction's n best. */
    private static boolean namesAll(ImageExplanations img, List<Integer> labels) {
        Set<Integer> classes = new HashSet<>(labels);
        return img.prediction().top().stream().limit(classes.size())
                .filter(c -> classes.contains(c.index())).count() == classes.size();
    }

    /** Evaluates without progress reports. */
    public EvaluationTable run(VisionModel model, EvaluationSet set, List<MethodRequest> methods) {
        return run(model, set, methods, ProgressListener.NONE);
    }

    /**
     * Top-1 accuracy on the set's single-object samples: forward passes only, {@code scoringBatch}
     * images each, so a model can be scored on thousands of scenes at the cost of one pass per image.
     * accuracy = #{i : argmax logits(xᵢ) = yᵢ} / #single-object samples.
     *
     * @throws IllegalArgumentException if the set has no single-object sample, or a label is out of range
     */
    public double accuracy(VisionModel model, EvaluationSet set) {
        ModelInfo info = model.info();
        int correct = 0;
        int trials = 0;
        List<RgbImage> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            Sample s = set.get(i);
            if (!s.singleObject()) {
                continue;
            }
            checkClass(s.name(), s.label(), info);
            images.add(s.image());
            labels.add(s.label());
            if (images.size() == options.scoringBatch()) {
                correct += topOneHits(model, images, labels);
                trials += images.size();
                images.clear();
                labels.clear();
            }
        }
        if (!images.isEmpty()) {
            correct += topOneHits(model, images, labels);
            trials += images.size();
        }
        if (trials == 0) {
            throw new IllegalArgumentException(set.name() + " has no single-object sample to score accuracy on");
        }
        return (double) correct / trials;
    }

    /** How many of one forward pass's images have their label as the top class. */
    private static int topOneHits(VisionModel model, List<RgbImage> images, List<Integer> labels) {
        ModelInfo info = model.info();
        float[] logits = model.run(PassRequest.forward(info.preprocessing().batch(images), Set.of())).logits().data();
        int c = info.numClasses();
        int hits = 0;
        for (int k = 0; k < images.size(); k++) {
            float[] row = java.util.Arrays.copyOfRange(logits, k * c, (k + 1) * c);
            hits += Prediction.of(row, info.labels(), 1).best().index() == labels.get(k) ? 1 : 0;
        }
        return hits;
    }

    /** A sample's class index must be one of the model's classes. */
    private static void checkClass(String sample, int label, ModelInfo info) {
        if (label < 0 || label >= info.numClasses()) {
            throw new IllegalArgumentException("sample " + sample + ": class " + label + " is out of range [0, "
                    + (info.numClasses() - 1) + "] for model " + info.name());
        }
    }

    /** Pointing game, energy and IoU of one single-object trial, the map already on the mask's grid. */
    private static void score(Totals t, Heatmap up, Mask mask, double tolerance) {
        t.localisation++;
        t.pointingHits += Metrics.pointingGame(up, mask, tolerance) ? 1 : 0;
        t.energy += Metrics.energyPointingGame(up, mask);
        t.iou += Metrics.topFractionIou(up, mask, Metrics.TOP_FRACTION);
    }

    private Prepared prepare(Sample s, ModelInfo info, double sigma) {
        Preprocessing pre = info.preprocessing();
        RgbImage image = pre.resize(s.image());
        List<Mask> masks = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Sample.LabeledMask o : s.objects()) {
            checkClass(s.name(), o.label(), info);
            masks.add(image == s.image() ? o.mask() : resizeMask(o.mask(), pre));
            labels.add(o.label());
        }
        Tensor pixels = null;
        Tensor blurred = null;
        if (masks.size() == 1) { // only single-object samples get deletion/insertion curves
            pixels = pre.apply(image);
            blurred = DeletionInsertion.blurred(pixels, sigma);
        }
        return new Prepared(s.name(), image, masks, labels, pixels, blurred);
    }

    /** A mask through the image's resize and crop: drawn white on black, resized, thresholded at ½. */
    static Mask resizeMask(Mask m, Preprocessing pre) {
        byte[] rgb = new byte[3 * m.pixels().length];
        for (int i = 0; i < m.pixels().length; i++) {
            if (m.pixels()[i]) {
                rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = (byte) 255;
            }
        }
        return SceneFolder.mask(pre.resize(new RgbImage(m.width(), m.height(), rgb)));
    }

    /** Uniform values on the model's grid, seeded per trial so that results do not depend on batching. */
    private Heatmap randomMap(FeatureMap grid, Trial t) {
        SplittableRandom r = new SplittableRandom(options.randomSeed() * 0x9E3779B97F4A7C15L
                + t.sample() * 0xBF58476D1CE4E5B9L + t.object());
        float[] v = new float[grid.height() * grid.width()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextDouble();
        }
        return new Heatmap(v, grid.height(), grid.width());
    }

    /** The method id, with its explicitly given parameters in name order when there are any. */
    static String rowName(MethodRequest m) {
        if (m.parameters().isEmpty()) {
            return m.method();
        }
        return m.method() + new TreeMap<>(m.parameters()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ", "(", ")"));
    }
}
