package dev.xai4j.train;

import dev.xai4j.data.Scene;
import dev.xai4j.data.SceneGenerator;
import dev.xai4j.data.Shape;
import dev.xai4j.eval.Evaluation;
import dev.xai4j.eval.EvaluationSet;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.Preprocessing;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.Prediction;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.VisionModel;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Trains a model on freshly generated scenes (never the same scene twice), saves it as a checkpoint
 * in a public layout, loads it back through {@link VisionModel#load} and scores it on held-out
 * scenes from another seed. Scenes are generated on a second thread while the model trains.
 * Augmentation: horizontal flips and ±10 % brightness and contrast. A share of the scenes shows two
 * objects of different classes with target ½ for each (see {@link TrainingPlan#twoObjectShare}).
 * With {@link TrainingPlan#distillation} a teacher's soft predictions join those targets.
 */
public final class Trainer {

    /** What a training run achieved. */
    public record Report(int steps, double finalLoss, double accuracy, int testScenes, long millis) {
    }

    /**
     * Images with their labels (the first object's class), target distributions [B, C] and, for dense
     * labels, per-position target distributions [B·P, C + 1] (else null).
     */
    record Batch(Tensor pixels, int[] labels, Tensor targets, Tensor denseTargets) {
    }

    /** Steps between checkpoints written during training, so that a long run never loses its progress. */
    static final int SAVE_EVERY = 500;

    private Trainer() {
    }

    /**
     * Trains a default model: {@code Trainer vit|resnet OUTPUT_DIR [steps] [batch] [learning-rate] [checkpoint]}.
     * The command line's {@code xai train} calls the same code.
     */
    public static void main(String[] args) {
        if (args.length < 2 || !(args[0].equals("vit") || args[0].equals("resnet"))) {
            System.err.println("usage: Trainer vit|resnet OUTPUT_DIR [steps] [batch] [learning-rate] [checkpoint-to-continue]");
            System.exit(2);
        }
        TrainingPlan plan = TrainingPlan.of(args[0], java.nio.file.Path.of(args[1]),
                args.length > 2 ? Integer.parseInt(args[2]) : TrainingPlan.DEFAULT_STEPS,
                args.length > 3 ? Integer.parseInt(args[3]) : TrainingPlan.DEFAULT_BATCH,
                args.length > 4 ? Double.valueOf(args[4]) : null);
        if (args.length > 5) {
            plan = plan.startingFrom(java.nio.file.Path.of(args[5]));
        }
        Report r = train(plan, System.out::println);
        System.out.printf("done: %d steps, final loss %.4f, accuracy %.4f on %d held-out scenes, %.1f min%n",
                r.steps(), r.finalLoss(), r.accuracy(), r.testScenes(), r.millis() / 60000.0);
    }

    /** The preprocessing of the default models: a direct resize to 224 and the ViT's or ImageNet's normalisation. */
    static Preprocessing preprocessing(TrainingPlan plan) {
        int size = plan.vit() != null ? plan.vit().imageSize() : plan.resnet().imageSize();
        return plan.vit() != null
                ? new Preprocessing(size, size, Interpolation.BILINEAR, 1.0, false, new float[]{0.5f, 0.5f, 0.5f},
                new float[]{0.5f, 0.5f, 0.5f})
                : new Preprocessing(size, size, Interpolation.BILINEAR, 1.0, true, Preprocessing.IMAGENET_MEAN,
                Preprocessing.IMAGENET_STD);
    }

    /** Runs a plan; {@code log} receives a progress line every few steps. */
    public static Report train(TrainingPlan plan, Consumer<String> log) {
        long t0 = System.currentTimeMillis();
        Preprocessing pre = preprocessing(plan);
        int size = pre.height();
        var schedule = new WarmupCosineSchedule(plan.learningRate(), Math.max(1, plan.steps() / 20), plan.steps(), 0.05);
        TrainableModel model = plan.start() != null
                ? TrainableModel.resume(plan.start(), schedule, plan.weightDecay(), plan.losses(),
                        plan.growth(), plan.seed())
                : plan.vit() != null
                ? TrainableModel.vit(plan.vit(), plan.seed(), schedule, plan.weightDecay(), plan.losses())
                : TrainableModel.resnet(plan.resnet(), plan.seed(), schedule, plan.weightDecay(), plan.losses());
        SceneGenerator scenes = new SceneGenerator(plan.seed(), size);
        int cell = model.denseLabels() ? size / model.denseGrid() : 0;
        Teacher teacher = plan.distillation() == null ? null : Teacher.load(plan.distillation());
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(4);
        var failure = new java.util.concurrent.atomic.AtomicReference<RuntimeException>();
        Thread producer = new Thread(() -> {
            try {
                for (int s = 0; s < plan.steps(); s++) {
                    queue.put(batch(scenes, (long) s * plan.batchSize(), plan.batchSize(), pre, plan.twoObjectShare(),
                            plan.seed() + s, cell, teacher));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "xai4j-scenes");
        producer.setDaemon(true);
        producer.start();
        double ema = Double.NaN;
        try {
            for (int s = 0; s < plan.steps(); s++) {
                Batch b;
                while ((b = queue.poll(1, java.util.concurrent.TimeUnit.SECONDS)) == null) {
                    if (failure.get() != null) {
                        // a failing producer must not leave the optimiser waiting for ever
                        throw new IllegalStateException("preparing training batches failed: " + failure.get().getMessage(),
                                failure.get());
                    }
                }
                if ((s + 1) % 25 == 0 || s == 0 || s + 1 == plan.steps()) {
                    // the loss of the batch about to be learnt: an honest, unseen-batch estimate
                    double loss = model.loss(b.pixels(), b.targets());
                    ema = Double.isNaN(ema) ? loss : 0.7 * ema + 0.3 * loss;
                    log.accept(String.format("step %d/%d  loss %.4f (avg %.4f)  %.1f s", s + 1, plan.steps(), loss, ema,
                            (System.currentTimeMillis() - t0) / 1000.0));
                }
                model.step(b.pixels(), b.targets(), b.denseTargets());
                if ((s + 1) % SAVE_EVERY == 0 && s + 1 < plan.steps()) {
                    save(model, plan, pre, size);
                    log.accept("saved " + plan.output() + " after " + (s + 1) + " steps");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } finally {
            producer.interrupt();
            if (teacher != null) {
                try {
                    producer.join(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                teacher.model().close();
            }
        }
        save(model, plan, pre, size);
        log.accept("saved " + plan.output());
        double accuracy = plan.testScenes() == 0 ? Double.NaN : accuracy(plan, log);
        return new Report(plan.steps(), ema, accuracy, plan.testScenes(), System.currentTimeMillis() - t0);
    }

    private static void save(TrainableModel model, TrainingPlan plan, Preprocessing pre, int size) {
        if (model.resNetConfig() != null) {
            // Running statistics from scenes the optimiser never saw, in large batches.
            SceneGenerator calib = new SceneGenerator(plan.seed() + 7919, size);
            List<Tensor> batches = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                batches.add(batch(calib, i * 64L, 64, pre, -1, 0, 0, null).pixels());
            }
            model.calibrateBatchNorm(batches);
        }
        model.save(plan.output(), Shape.labels(), pre);
    }

    /** Accuracy of the saved checkpoint, loaded like any user checkpoint, on held-out scenes. */
    static double accuracy(TrainingPlan plan, Consumer<String> log) {
        try (VisionModel m = VisionModel.load(plan.output())) {
            double acc = new Evaluation().accuracy(m,
                    EvaluationSet.generated(plan.testSeed(), m.info().inputHeight(), plan.testScenes(), 0));
            log.accept(String.format("accuracy %.4f on %d held-out scenes (seed %d)", acc, plan.testScenes(), plan.testSeed()));
            return acc;
        }
    }

    /**
     * Scenes {@code from … from+n−1}; with {@code twoObjectShare} ≥ 0 they are augmented training
     * scenes, that share of them with two objects (target ½ each); with a negative share, plain
     * single-object scenes. With {@code patch} &gt; 0, per-position targets for dense labels on
     * {@code patch}-pixel cells (scene size = model input size). With a {@code teacher} (else null), the
     * targets are mixed with its softmax over the same images ({@link Distillation}).
     */
    static Batch batch(SceneGenerator g, long from, int n, Preprocessing pre, double twoObjectShare, long seed,
                       int patch, Teacher teacher) {
        SplittableRandom r = new SplittableRandom(seed);
        boolean augment = twoObjectShare >= 0;
        int classes = Shape.values().length;
        int grid = patch > 0 ? g.size() / patch : 0;
        List<RgbImage> images = new ArrayList<>(n);
        int[] labels = new int[n];
        float[] targets = new float[n * classes];
        float[] tokens = new float[n * grid * grid * (classes + 1)];
        for (int i = 0; i < n; i++) {
            Scene s = augment && r.nextDouble() < twoObjectShare ? g.twoObjectScene(from + i) : g.scene(from + i);
            boolean flip = augment && r.nextBoolean();
            images.add(augment ? augment(s.image(), flip, r) : s.image());
            labels[i] = s.label();
            for (Scene.SceneObject o : s.objects()) {
                targets[i * classes + o.label()] += 1f / s.objects().size();
            }
            if (patch > 0) {
                patchTargets(s, flip, patch, grid, classes, tokens, i * grid * grid * (classes + 1));
            }
        }
        if (teacher != null) {
            teacher.mix(images, targets);
        }
        return new Batch(pre.batch(images), labels, new Tensor(targets, new long[]{n, classes}),
                patch > 0 ? new Tensor(tokens, new long[]{(long) n * grid * grid, classes + 1}) : null);
    }

    /** A loaded teacher and its weight α ({@link Distillation}). */
    record Teacher(VisionModel model, double weight) {

        static Teacher load(Distillation d) {
            VisionModel m = VisionModel.load(d.teacher());
            if (!m.info().labels().equals(Shape.labels())) {
                m.close();
                throw new IllegalArgumentException("the teacher " + d.teacher() + " classifies " + m.info().labels()
                        + ", the scenes have " + Shape.labels() + ": a teacher needs the same classes in the same order");
            }
            return new Teacher(m, d.weight());
        }

        /** targets [n, C] ← (1 − α) · targets + α · softmax(teacher logits), row by row. */
        void mix(List<RgbImage> images, float[] targets) {
            float[] logits = model.run(dev.xai4j.model.PassRequest.forward(model.preprocessing().batch(images),
                    java.util.Set.of())).logits().data();
            int c = targets.length / images.size();
            for (int i = 0; i < images.size(); i++) {
                float[] row = java.util.Arrays.copyOfRange(logits, i * c, (i + 1) * c);
                for (Prediction.ClassScore e : Prediction.of(row, model.info().labels(), c).top()) {
                    int k = i * c + e.index();
                    targets[k] = (float) ((1 - weight) * targets[k] + weight * e.probability());
                }
            }
        }
    }

    /** Per patch (row-major), the share of its pixels on each object's class, the rest background (last). */
    static void patchTargets(Scene s, boolean flip, int patch, int grid, int classes, float[] out, int at) {
        int w = s.image().width();
        float share = 1f / (patch * patch);
        for (int p = 0; p < grid * grid; p++) {
            int row = at + p * (classes + 1);
            out[row + classes] = 1f;
            for (Scene.SceneObject o : s.objects()) {
                int count = 0;
                for (int y = (p / grid) * patch; y < (p / grid + 1) * patch; y++) {
                    for (int x = (p % grid) * patch; x < (p % grid + 1) * patch; x++) {
                        count += o.mask().at(flip ? w - 1 - x : x, y) ? 1 : 0;
                    }
                }
                out[row + o.label()] += count * share;
                out[row + classes] -= count * share;
            }
        }
    }

    private static RgbImage augment(RgbImage img, boolean flip, SplittableRandom r) {
        double contrast = 0.9 + 0.2 * r.nextDouble();
        double brightness = (r.nextDouble() - 0.5) * 0.2 * 255;
        int w = img.width();
        byte[] out = new byte[img.rgb().length];
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < w; x++) {
                int sx = flip ? w - 1 - x : x;
                for (int c = 0; c < 3; c++) {
                    double v = ((img.rgb()[3 * (y * w + sx) + c] & 0xff) - 128) * contrast + 128 + brightness;
                    out[3 * (y * w + x) + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return new RgbImage(w, img.height(), out);
    }
}
