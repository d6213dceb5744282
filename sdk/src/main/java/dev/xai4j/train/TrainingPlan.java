package dev.xai4j.train;

import dev.xai4j.data.SceneGenerator;
import dev.xai4j.data.Shape;
import dev.xai4j.model.ResNetConfig;
import dev.xai4j.model.ViTConfig;

import java.nio.file.Path;

/**
 * What to train on the synthetic scenes, and for how long.
 *
 * @param vit          the ViT to train, or null
 * @param resnet       the ResNet to train, or null (exactly one of the two is set)
 * @param steps        optimiser steps
 * @param batchSize    scenes per step
 * @param learningRate peak learning rate (linear warm-up, cosine decay to 5 %)
 * @param weightDecay  decoupled weight decay
 * @param seed         seed of the weights and of the training scenes
 * @param testSeed     seed of the held-out test scenes (must differ from {@code seed})
 * @param testScenes   held-out scenes the saved model is scored on
 * @param output       checkpoint folder to write
 * @param twoObjectShare share of training scenes with two objects of different classes, whose
 *                       target is ½ for each class: it teaches the model to find every object it
 *                       names, which is what class-discriminative explanations rest on
 * @param start        checkpoint to continue training from (its architecture replaces
 *                     {@code vit}/{@code resnet}'s weights, not their shape), or null to start from
 *                     fresh weights
 * @param losses       weights of the auxiliary losses ({@link LossWeights}): dense labels, with which every
 *                     patch token (ViT) or last-feature-map cell (ResNet) also learns which class covers it,
 *                     from the scene masks; and (ViT) value evidence, what each patch passes to the CLS token in
 *                     the last block taught to be evidence for the patch's class, a penalty on the last
 *                     block's MLP output at the CLS token, and the CLS token's last-block attention taught
 *                     to fall on the patches the objects cover
 * @param growth       with {@code start} a ViT: train it grown wider and deeper without changing what it
 *                     computes ({@link Growth}), so that training goes on with more capacity from where the
 *                     smaller model stood; {@link Growth#NONE} otherwise
 * @param distillation a teacher whose soft predictions join the class targets ({@link Distillation}), or
 *                     null for the scenes' labels alone
 */
public record TrainingPlan(ViTConfig vit, ResNetConfig resnet, int steps, int batchSize, double learningRate,
                           double weightDecay, long seed, long testSeed, int testScenes, Path output,
                           double twoObjectShare, Path start, LossWeights losses, Growth growth,
                           Distillation distillation) {

    public TrainingPlan {
        if ((vit == null) == (resnet == null)) {
            throw new IllegalArgumentException("train exactly one of a ViT and a ResNet");
        }
        if (steps < 1 || batchSize < 1 || testScenes < 0 || !(learningRate > 0)) {
            throw new IllegalArgumentException("steps, batch size and learning rate must be positive");
        }
        if (!(twoObjectShare >= 0 && twoObjectShare <= 1)) {
            throw new IllegalArgumentException("the two-object share must lie in [0, 1], got " + twoObjectShare);
        }
        if (losses == null) {
            throw new IllegalArgumentException("loss weights are required");
        }
        if ((losses.valueEvidence() > 0 || losses.classTokenMlp() > 0 || losses.objectAttention() > 0) && vit == null) {
            throw new IllegalArgumentException("the value-evidence, CLS-MLP and object-attention losses need a ViT");
        }
        if (growth == null) {
            throw new IllegalArgumentException("the growth is required (Growth.NONE for none)");
        }
        if (growth.grows() && (start == null || vit == null)) {
            throw new IllegalArgumentException("only a ViT continued from a checkpoint can be grown wider or deeper");
        }
        if (seed == testSeed) {
            throw new IllegalArgumentException("the test seed must differ from the training seed");
        }
    }

    /**
     * The default ViT trained from scratch: ViT-B/16's geometry (224 × 224, 16-pixel patches, 14 × 14
     * grid, CLS token, 197 tokens) at a small width: 4 blocks, 4 heads, D = 96, MLP 192. (The shipped one
     * was trained at this width, then continued at twice it, then with two more blocks: {@link #growth()}.)
     */
    public static ViTConfig defaultVit() {
        return new ViTConfig(SceneGenerator.DEFAULT_SIZE, 16, 96, 4, 4, 192, Shape.values().length, 1e-12, false, 0, false);
    }

    /** The shipped default ResNet: basic blocks, one per stage, widths 16–128, 224 × 224 input, 7 × 7 last feature map. */
    public static ResNetConfig defaultResNet() {
        return new ResNetConfig(false, new int[]{1, 1, 1, 1}, new int[]{16, 32, 64, 128}, 16, Shape.values().length,
                SceneGenerator.DEFAULT_SIZE);
    }

    /** Default optimiser steps of the shipped models. */
    public static final int DEFAULT_STEPS = 1200;
    /** Default scenes per step. */
    public static final int DEFAULT_BATCH = 32;
    /** The held-out seed the shipped models are scored with (never used in training). */
    public static final long TEST_SEED = 424242;

    /**
     * The plan of a shipped default model ({@code vit} or {@code resnet}) with the given length and
     * learning rate (null: {@link #defaultLearningRate} from fresh weights); 1,000 held-out test scenes.
     */
    public static TrainingPlan of(String architecture, Path output, int steps, int batchSize, Double learningRate) {
        boolean vit = isVit(architecture);
        double lr = learningRate != null ? learningRate : defaultLearningRate(architecture, false);
        return new TrainingPlan(vit ? defaultVit() : null, vit ? null : defaultResNet(), steps, batchSize, lr,
                vit ? 0.05 : 1e-4, vit ? 1 : 2, TEST_SEED, 1000, output, DEFAULT_TWO_OBJECT_SHARE, null,
                LossWeights.dense(DEFAULT_DENSE_LABEL_WEIGHT), Growth.NONE, null);
    }

    /**
     * The default peak learning rate: 1e-3 for a ViT and 2e-3 for a ResNet from fresh weights, a tenth
     * of that to continue a trained checkpoint (at the fresh rate a trained ViT loses what it learnt
     * within a few steps).
     *
     * @param architecture {@code vit} or {@code resnet}
     */
    public static double defaultLearningRate(String architecture, boolean continuing) {
        double fresh = isVit(architecture) ? 1e-3 : 2e-3;
        return continuing ? fresh / 10 : fresh;
    }

    private static boolean isVit(String architecture) {
        return switch (architecture) {
            case "vit" -> true;
            case "resnet" -> false;
            default -> throw new IllegalArgumentException("architecture must be vit or resnet, got '" + architecture + "'");
        };
    }

    /** This plan, continued from a checkpoint (a new scene seed, so that no training scene repeats). */
    public TrainingPlan startingFrom(Path checkpoint) {
        return new TrainingPlan(vit, resnet, steps, batchSize, learningRate, weightDecay, seed + 1000, testSeed,
                testScenes, output, twoObjectShare, checkpoint, losses, growth, distillation);
    }

    /**
     * Default dense-label weight: 1, the weight the shipped models were in effect trained with (runs that
     * asked for token labelling's 0.5, Jiang et al. 2021, got 1 from a SameDiff backward-pass quirk
     * since fixed; see TrainingLoss).
     */
    public static final double DEFAULT_DENSE_LABEL_WEIGHT = 1.0;

    /** Default share of two-object training scenes. */
    public static final double DEFAULT_TWO_OBJECT_SHARE = 0.25;
}
