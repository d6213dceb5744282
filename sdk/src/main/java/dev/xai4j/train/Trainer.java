package dev.xai4j.train;

import dev.xai4j.data.Scene;
import dev.xai4j.data.SceneGenerator;
import dev.xai4j.data.Shape;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.Preprocessing;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.Prediction;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.TrainableModel;
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
 * Augmentation: horizontal flips and ±10 % brightness and contrast.
 */
public final class Trainer {

    /** What a training run achieved. */
    public record Report(int steps, double finalLoss, double accuracy, int testScenes, long millis) {
    }

    private record Batch(Tensor pixels, int[] labels) {
    }

    private Trainer() {
    }

    /**
     * Trains a default model: {@code Trainer vit|resnet OUTPUT_DIR [steps] [batch] [learning-rate]}.
     * The command line's {@code xai train} calls the same code.
     */
    public static void main(String[] args) {
        if (args.length < 2 || !(args[0].equals("vit") || args[0].equals("resnet"))) {
            System.err.println("usage: Trainer vit|resnet OUTPUT_DIR [steps] [batch] [learning-rate]");
            System.exit(2);
        }
        TrainingPlan plan = TrainingPlan.of(args[0], java.nio.file.Path.of(args[1]),
                args.length > 2 ? Integer.parseInt(args[2]) : TrainingPlan.DEFAULT_STEPS,
                args.length > 3 ? Integer.parseInt(args[3]) : TrainingPlan.DEFAULT_BATCH,
                args.length > 4 ? Double.valueOf(args[4]) : null);
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
        TrainableModel model = plan.vit() != null
                ? TrainableModel.vit(plan.vit(), plan.seed(), schedule, plan.weightDecay())
                : TrainableModel.resnet(plan.resnet(), plan.seed(), schedule, plan.weightDecay());
        SceneGenerator scenes = new SceneGenerator(plan.seed(), size);
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(4);
        Thread producer = new Thread(() -> {
            try {
                for (int s = 0; s < plan.steps(); s++) {
                    queue.put(batch(scenes, (long) s * plan.batchSize(), plan.batchSize(), pre, true, plan.seed() + s));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "xai4j-scenes");
        producer.setDaemon(true);
        producer.start();
        double ema = Double.NaN;
        try {
            for (int s = 0; s < plan.steps(); s++) {
                Batch b = queue.take();
                if ((s + 1) % 25 == 0 || s == 0 || s + 1 == plan.steps()) {
                    // the loss of the batch about to be learnt: an honest, unseen-batch estimate
                    double loss = model.loss(b.pixels(), b.labels());
                    ema = Double.isNaN(ema) ? loss : 0.7 * ema + 0.3 * loss;
                    log.accept(String.format("step %d/%d  loss %.4f (avg %.4f)  %.1f s", s + 1, plan.steps(), loss, ema,
                            (System.currentTimeMillis() - t0) / 1000.0));
                }
                model.step(b.pixels(), b.labels());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("training interrupted", e);
        } finally {
            producer.interrupt();
        }
        if (plan.resnet() != null) {
            // Running statistics from scenes the optimiser never saw, in large batches.
            SceneGenerator calib = new SceneGenerator(plan.seed() + 7919, size);
            List<Tensor> batches = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                batches.add(batch(calib, i * 64L, 64, pre, false, 0).pixels());
            }
            model.calibrateBatchNorm(batches);
        }
        model.save(plan.output(), Shape.labels(), pre);
        log.accept("saved " + plan.output());
        double accuracy = plan.testScenes() == 0 ? Double.NaN : accuracy(plan, log);
        return new Report(plan.steps(), ema, accuracy, plan.testScenes(), System.currentTimeMillis() - t0);
    }

    /** Accuracy of the saved checkpoint, loaded like any user checkpoint, on held-out scenes. */
    static double accuracy(TrainingPlan plan, Consumer<String> log) {
        try (VisionModel m = VisionModel.load(plan.output())) {
            SceneGenerator test = new SceneGenerator(plan.testSeed(), m.info().inputHeight());
            int correct = 0;
            for (int start = 0; start < plan.testScenes(); start += 50) {
                int n = Math.min(50, plan.testScenes() - start);
                Batch b = batch(test, start, n, m.preprocessing(), false, 0);
                float[] logits = m.run(dev.xai4j.model.PassRequest.forward(b.pixels(), java.util.Set.of())).logits().data();
                int c = m.info().numClasses();
                for (int i = 0; i < n; i++) {
                    float[] row = java.util.Arrays.copyOfRange(logits, i * c, (i + 1) * c);
                    if (Prediction.of(row, m.info().labels(), 1).best().index() == b.labels()[i]) {
                        correct++;
                    }
                }
            }
            double acc = (double) correct / plan.testScenes();
            log.accept(String.format("accuracy %.4f on %d held-out scenes (seed %d)", acc, plan.testScenes(), plan.testSeed()));
            return acc;
        }
    }

    private static Batch batch(SceneGenerator g, long from, int n, Preprocessing pre, boolean augment, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<RgbImage> images = new ArrayList<>(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            Scene s = g.scene(from + i);
            images.add(augment ? augment(s.image(), r) : s.image());
            labels[i] = s.label();
        }
        return new Batch(pre.batch(images), labels);
    }

    private static RgbImage augment(RgbImage img, SplittableRandom r) {
        boolean flip = r.nextBoolean();
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
