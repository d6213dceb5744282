package dev.xai4j.explain;

import dev.xai4j.model.GradientRules;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.PassResult;
import dev.xai4j.model.Prediction;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.VisionModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans and runs explanations: for a batch of images, a target rule and a set of methods, it unions
 * what the methods need and runs ONE forward pass and at most ONE backward pass that serve them all
 * (top-k targets with gradients take one extra forward pass to learn the top k), then lets each
 * method compute its map from that pass. Methods that need modified gradients (LRP rules) share one
 * further pass per set of rules. A contrastive target ({@link Target.Contrast}) changes only what the
 * backward pass differentiates (y_target − y_contrast), not the number of passes.
 */
public final class ExplanationEngine {

    private final ExplainerRegistry registry;

    /** An engine with the built-in and class-path explainers. */
    public ExplanationEngine() {
        this(ExplainerRegistry.load());
    }

    public ExplanationEngine(ExplainerRegistry registry) {
        this.registry = registry;
    }

    /** The explainers this engine knows. */
    public ExplainerRegistry registry() {
        return registry;
    }

    private record Planned(Explainer explainer, Parameters parameters, Requirements needs) {
    }

    /** One pass of the plan: its result, and whether its rows are images (false) or image × target (true). */
    private record Pass(PassResult result, boolean perTarget) {
    }

    /**
     * Explains every image of the request with every requested method.
     *
     * @throws ParameterException for an unknown or inapplicable method, an invalid parameter or target
     */
    public ExplainResult explain(VisionModel model, ExplainRequest request) {
        ModelInfo info = model.info();
        List<Planned> plan = new ArrayList<>();
        for (MethodRequest m : request.methods()) {
            plan.add(plan(info, m));
        }
        Tensor pixels = info.preprocessing().batch(request.images());
        return run(model, pixels, request.target(), request.topK(), plan);
    }

    /**
     * Resolves and validates one method for a model without running anything.
     *
     * @return the parameters with defaults filled in
     * @throws ParameterException as {@link #explain} would
     */
    public Parameters validate(ModelInfo model, MethodRequest method) {
        return plan(model, method).parameters();
    }

    private Planned plan(ModelInfo info, MethodRequest m) {
        Explainer e = registry.get(m.method());
        e.unsupportedReason(info).ifPresent(reason -> {
            throw new ParameterException("method", "method '" + e.id() + "' does not apply to model " + info.name()
                    + " (" + info.family() + "): " + reason);
        });
        Parameters p = Parameters.resolve(e.id(), e.parameters(), m.parameters());
        return new Planned(e, p, e.requirements(info, p));
    }

    private ExplainResult run(VisionModel model, Tensor pixels, Target target, int topK, List<Planned> plan) {
        ModelInfo info = model.info();
        int b = pixels.dim(0);
        int classes = info.numClasses();
        // one pass per set of gradient rules, serving every method that asked for those rules
        Map<GradientRules, Requirements> groups = new java.util.EnumMap<>(GradientRules.class);
        for (Planned p : plan) {
            groups.merge(p.needs().rules(), p.needs(), Requirements::and);
        }
        int forwards = 0;
        int backwards = 0;
        long passNanos = 0;
        Map<GradientRules, Pass> passes = new java.util.EnumMap<>(GradientRules.class);
        int[][] targets = new int[b][]; // per image, the classes explained
        int contrast = Explanation.NO_CONTRAST; // the class subtracted from every target, if any
        PassResult ranking = null;
        if (target instanceof Target.TopK k) {
            // one forward pass ranks the classes; it also serves the methods that need no gradients
            Requirements forwardOnly = groups.get(GradientRules.STANDARD);
            boolean reuse = forwardOnly != null && forwardOnly.gradients().isEmpty();
            ranking = model.run(PassRequest.forward(pixels, reuse ? forwardOnly.captures() : java.util.Set.of()));
            forwards++;
            passNanos += ranking.nanos();
            if (reuse) {
                passes.put(GradientRules.STANDARD, new Pass(ranking, false));
            }
            int kk = Math.min(k.k(), classes);
            for (int i = 0; i < b; i++) {
                targets[i] = Prediction.of(row(ranking.logits(), i), info.labels(), kk).top().stream()
                        .mapToInt(Prediction.ClassScore::index).toArray();
            }
            int[] flat = java.util.Arrays.stream(targets).flatMapToInt(java.util.Arrays::stream).toArray();
            for (Map.Entry<GradientRules, Requirements> g : groups.entrySet()) {
                if (passes.containsKey(g.getKey())) {
                    continue;
                }
                Requirements r = g.getValue();
                PassResult res = model.run(new PassRequest(repeat(pixels, kk), r.captures(), flat, r.gradients(), r.rules()));
                forwards++;
                backwards += r.gradients().isEmpty() ? 0 : 1;
                passNanos += res.nanos();
                passes.put(g.getKey(), new Pass(res, true));
            }
        } else {
            int t = resolve(target instanceof Target.Contrast c ? c.target() : target, info);
            if (target instanceof Target.Contrast c) {
                contrast = resolve(c.rather(), info);
                if (contrast == t) {
                    throw new ParameterException("target", "class " + t + " (" + info.labels().get(t)
                            + ") cannot be contrasted with itself");
                }
            }
            int[] fixed = new int[b];
            Arrays.fill(fixed, t);
            int[] contrasts = null;
            if (contrast != Explanation.NO_CONTRAST) {
                contrasts = new int[b];
                Arrays.fill(contrasts, contrast);
            }
            for (Map.Entry<GradientRules, Requirements> g : groups.entrySet()) {
                Requirements r = g.getValue();
                boolean backward = !r.gradients().isEmpty();
                PassResult res = model.run(backward
                        ? new PassRequest(pixels, r.captures(), fixed, r.gradients(), r.rules(), contrasts, null)
                        : PassRequest.forward(pixels, r.captures()));
                forwards++;
                backwards += backward ? 1 : 0;
                passNanos += res.nanos();
                passes.put(g.getKey(), new Pass(res, false));
                if (ranking == null) {
                    ranking = res;
                }
            }
            for (int i = 0; i < b; i++) {
                // the graphs' arg-max rule, applied to the logits every pass shares
                targets[i] = new int[]{t != PassRequest.TOP_CLASS ? t
                        : Prediction.of(row(ranking.logits(), i), info.labels(), 1).best().index()};
                if (targets[i][0] == contrast) {
                    throw new ParameterException("target", "the top class of image " + i + " is " + contrast + " ("
                            + info.labels().get(contrast) + "), the class it was to be contrasted with");
                }
            }
        }

        List<ImageExplanations> images = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            Prediction prediction = Prediction.of(row(ranking.logits(), i), info.labels(), topK);
            List<Explanation> out = new ArrayList<>();
            Tensor imagePixels = pixels.slice(i);
            for (int j = 0; j < targets[i].length; j++) {
                int tgt = targets[i][j];
                for (Planned p : plan) {
                    Pass pass = passes.get(p.needs().rules());
                    int r = pass.perTarget() ? i * targets[i].length + j : i;
                    Context ctx = new Context(model, pass.result(), r, tgt, contrast, imagePixels);
                    long t0 = System.nanoTime();
                    Attribution a = p.explainer().explain(ctx, p.parameters());
                    long dt = System.nanoTime() - t0;
                    out.add(new Explanation(p.explainer().id(), p.parameters().values(), tgt, info.labels().get(tgt),
                            a.map(), a.raw(), a.measures(), passNanos, dt, ctx.extraForward, ctx.extraBackward, contrast,
                            contrast == Explanation.NO_CONTRAST ? null : info.labels().get(contrast)));
                }
            }
            images.add(new ImageExplanations(i, prediction, out));
        }
        return new ExplainResult(images, forwards, backwards, passNanos);
    }

    /** A fixed target's class index, or {@link PassRequest#TOP_CLASS}. */
    private static int resolve(Target target, ModelInfo info) {
        int classes = info.numClasses();
        if (target instanceof Target.ClassIndex ci) {
            if (ci.index() < 0 || ci.index() >= classes) {
                throw new ParameterException("target", "target class " + ci.index() + " is out of range [0, "
                        + (classes - 1) + "] for model " + info.name());
            }
            return ci.index();
        }
        if (target instanceof Target.Label l) {
            try {
                return info.labelIndex(l.label());
            } catch (IllegalArgumentException e) {
                throw new ParameterException("target", e.getMessage());
            }
        }
        return PassRequest.TOP_CLASS;
    }

    private static float[] row(Tensor logits, int i) {
        return logits.slice(i).data();
    }

    private static Tensor repeat(Tensor batch, int k) {
        int b = batch.dim(0);
        int per = batch.data().length / b;
        float[] out = new float[b * k * per];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < k; j++) {
                System.arraycopy(batch.data(), i * per, out, (i * k + j) * per, per);
            }
        }
        long[] shape = batch.shape().clone();
        shape[0] = (long) b * k;
        return new Tensor(out, shape);
    }

    /** One image row of the shared pass. */
    private static final class Context implements ExplainContext {
        private final VisionModel model;
        private final PassResult pass;
        private final int row;
        private final int target;
        private final int contrast;
        private final Tensor pixels;
        private final Map<String, Tensor> cache = new HashMap<>();
        int extraForward;
        int extraBackward;

        Context(VisionModel model, PassResult pass, int row, int target, int contrast, Tensor pixels) {
            this.model = model;
            this.pass = pass;
            this.row = row;
            this.target = target;
            this.contrast = contrast;
            this.pixels = pixels;
        }

        @Override
        public ModelInfo model() {
            return model.info();
        }

        @Override
        public int target() {
            return target;
        }

        @Override
        public java.util.OptionalInt contrast() {
            return contrast == Explanation.NO_CONTRAST ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(contrast);
        }

        @Override
        public float[] logits() {
            return pass.logits().slice(row).data();
        }

        @Override
        public Tensor pixels() {
            return pixels;
        }

        @Override
        public Tensor capture(String name) {
            return cache.computeIfAbsent("c:" + name, k -> pass.capture(name).slice(row));
        }

        @Override
        public Tensor gradient(String name) {
            return cache.computeIfAbsent("g:" + name, k -> pass.gradient(name).slice(row));
        }

        @Override
        public Tensor parameter(String name) {
            return cache.computeIfAbsent("p:" + name, k -> model.parameter(name));
        }

        @Override
        public PassResult run(PassRequest request) {
            PassResult r = model.run(request);
            extraForward++;
            extraBackward += request.needsBackward() ? 1 : 0;
            return r;
        }
    }
}
