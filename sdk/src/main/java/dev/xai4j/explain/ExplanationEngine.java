package dev.xai4j.explain;

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
 * method compute its map from that pass.
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

    private record Planned(Explainer explainer, Parameters parameters) {
    }

    /**
     * Explains every image of the request with every requested method.
     *
     * @throws ParameterException for an unknown or inapplicable method, an invalid parameter or target
     */
    public ExplainResult explain(VisionModel model, ExplainRequest request) {
        ModelInfo info = model.info();
        List<Planned> plan = new ArrayList<>();
        Requirements needs = Requirements.none();
        for (MethodRequest m : request.methods()) {
            Planned p = plan(info, m);
            plan.add(p);
            needs = needs.and(p.explainer().requirements(info, p.parameters()));
        }
        Tensor pixels = info.preprocessing().batch(request.images());
        return run(model, pixels, request.target(), request.topK(), plan, needs);
    }

    /**
     * Resolves and validates one method for a model without running anything.
     *
     * @return the parameters with defaults filled in
     * @throws ParameterException as {@link #explain} would
     */
    public Parameters validate(ModelInfo model, MethodRequest method) {
        Planned p = plan(model, method);
        p.explainer().requirements(model, p.parameters());
        return p.parameters();
    }

    private Planned plan(ModelInfo info, MethodRequest m) {
        Explainer e = registry.get(m.method());
        e.unsupportedReason(info).ifPresent(reason -> {
            throw new ParameterException("method", "method '" + e.id() + "' does not apply to model " + info.name()
                    + " (" + info.architecture() + "): " + reason);
        });
        return new Planned(e, Parameters.resolve(e.id(), e.parameters(), m.parameters()));
    }

    private ExplainResult run(VisionModel model, Tensor pixels, Target target, int topK, List<Planned> plan,
                              Requirements needs) {
        ModelInfo info = model.info();
        int b = pixels.dim(0);
        int classes = info.numClasses();
        boolean backward = !needs.gradients().isEmpty();
        int forwards = 0;
        int backwards = 0;
        long passNanos = 0;

        PassResult pass;
        PassResult first = null;
        int[][] rows; // rows[i] = pass rows of image i, one per target
        int[] rowTarget;
        if (target instanceof Target.TopK k) {
            first = model.run(new PassRequest(pixels, backward ? java.util.Set.of() : needs.captures(), null, java.util.Set.of()));
            forwards++;
            passNanos += first.nanos();
            int kk = Math.min(k.k(), classes);
            rows = new int[b][kk];
            rowTarget = new int[b * kk];
            for (int i = 0; i < b; i++) {
                Prediction p = Prediction.of(row(first.logits(), i), info.labels(), kk);
                for (int j = 0; j < kk; j++) {
                    rows[i][j] = backward ? i * kk + j : i;
                    rowTarget[i * kk + j] = p.top().get(j).index();
                }
            }
            if (backward) {
                pass = model.run(new PassRequest(repeat(pixels, kk), needs.captures(), rowTarget, needs.gradients()));
                forwards++;
                backwards++;
                passNanos += pass.nanos();
            } else {
                pass = first;
            }
        } else {
            int t = resolve(target, info);
            int[] targets = new int[b];
            Arrays.fill(targets, t);
            pass = backward
                    ? model.run(new PassRequest(pixels, needs.captures(), targets, needs.gradients()))
                    : model.run(PassRequest.forward(pixels, needs.captures()));
            forwards++;
            backwards += backward ? 1 : 0;
            passNanos += pass.nanos();
            rows = new int[b][];
            rowTarget = new int[b];
            for (int i = 0; i < b; i++) {
                rows[i] = new int[]{i};
                rowTarget[i] = backward ? pass.targets()[i]
                        : t == PassRequest.TOP_CLASS ? Prediction.of(row(pass.logits(), i), info.labels(), 1).best().index() : t;
            }
        }

        List<ImageExplanations> images = new ArrayList<>();
        PassResult logitsPass = first != null ? first : pass;
        for (int i = 0; i < b; i++) {
            Prediction prediction = Prediction.of(row(logitsPass.logits(), i), info.labels(), topK);
            List<Explanation> out = new ArrayList<>();
            for (int j = 0; j < rows[i].length; j++) {
                int r = rows[i][j];
                int tgt = target instanceof Target.TopK ? rowTarget[i * rows[i].length + j] : rowTarget[i];
                for (Planned p : plan) {
                    Context ctx = new Context(model, pass, r, tgt, pixels.slice(i));
                    long t0 = System.nanoTime();
                    Attribution a = p.explainer().explain(ctx, p.parameters());
                    long dt = System.nanoTime() - t0;
                    out.add(new Explanation(p.explainer().id(), p.parameters().values(), tgt, info.labels().get(tgt),
                            a.map(), a.raw(), passNanos, dt, ctx.extraForward, ctx.extraBackward));
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
        private final Tensor pixels;
        private final Map<String, Tensor> cache = new HashMap<>();
        int extraForward;
        int extraBackward;

        Context(VisionModel model, PassResult pass, int row, int target, Tensor pixels) {
            this.model = model;
            this.pass = pass;
            this.row = row;
            this.target = target;
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
