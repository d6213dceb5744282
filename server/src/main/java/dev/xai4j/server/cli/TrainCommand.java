package dev.xai4j.server.cli;

import dev.xai4j.train.Distillation;
import dev.xai4j.train.Growth;
import dev.xai4j.train.LossWeights;
import dev.xai4j.train.Trainer;
import dev.xai4j.train.TrainingPlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code xai train}: trains a default model on generated scenes and saves it as a checkpoint. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a default model (vit or resnet) on freshly generated scenes; saves a checkpoint "
                + "(Hugging Face ViT or torchvision ResNet layout) and scores it on 1,000 held-out scenes.")
final class TrainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<vit|resnet>", description = "Which default model to train")
    String architecture;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "<dir>", description = "Checkpoint folder to write")
    Path out;

    @Option(names = "--steps", defaultValue = "" + TrainingPlan.DEFAULT_STEPS, description = "Optimiser steps (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--batch", defaultValue = "" + TrainingPlan.DEFAULT_BATCH, description = "Scenes per step (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--lr", paramLabel = "<rate>", description = "Peak learning rate (default 1e-3 ViT, 2e-3 ResNet; a tenth of that with --from)")
    Double learningRate;

    @Option(names = "--from", paramLabel = "<checkpoint>",
            description = "Continue training this checkpoint (e.g. a shipped default model) instead of fresh weights")
    Path from;

    @Option(names = "--seed", paramLabel = "<n>",
            description = "Seed of the weights and training scenes (default 1 ViT, 2 ResNet; with --from, that + 1000)")
    Long seed;

    @Option(names = "--two-object-share", paramLabel = "<share>",
            description = "Share of two-object training scenes, target ½ each (default " + TrainingPlan.DEFAULT_TWO_OBJECT_SHARE + ")")
    Double twoObjectShare;

    @Option(names = "--dense-weight", paramLabel = "<weight>",
            description = "Weight of the dense labels from the masks (default " + TrainingPlan.DEFAULT_DENSE_LABEL_WEIGHT + "; 0: none)")
    Double denseWeight;

    @Option(names = "--value-weight", paramLabel = "<weight>",
            description = "ViT: weight of a loss teaching what each patch passes to the CLS token in the last block to be"
                    + " evidence for the patch's class, by the masks (needs dense labels; default 0: none)")
    Double valueWeight;

    @Option(names = "--cls-mlp-weight", paramLabel = "<weight>",
            description = "ViT: weight of a penalty on what the last block's MLP adds to the CLS token, relative to it"
                    + " (default 0: none)")
    Double clsMlpWeight;

    @Option(names = "--attention-weight", paramLabel = "<weight>",
            description = "ViT: weight of a loss teaching the CLS token's last-block attention (head mean) to fall on the"
                    + " patches the objects cover, by the masks (needs dense labels; default 0: none)")
    Double attentionWeight;

    @Option(names = "--widen", paramLabel = "<k>", defaultValue = "1",
            description = "With --from a ViT: make it k times as wide (D and MLP) first, computing the same, and train that (default 1)")
    int widen;

    @Option(names = "--deepen", paramLabel = "<n>", defaultValue = "0",
            description = "With --from a ViT: add n blocks that start as the identity (spread between the old ones,"
                    + " the last stays last; after --widen) and train that (default 0)")
    int deepen;

    @Option(names = "--teacher", paramLabel = "<checkpoint>",
            description = "Distil from this model (e.g. the shipped resnet-shapes): its softmax on each training image"
                    + " joins the class targets")
    Path teacher;

    @Option(names = "--distillation-weight", paramLabel = "<α>",
            description = "With --teacher: target = (1 − α)·labels + α·teacher softmax, α in (0, 1] (default 0.5)")
    Double distillationWeight;

    @Override
    public Integer call() {
        TrainingPlan plan;
        try {
            plan = TrainingPlan.of(architecture, out, steps, batch, learningRate != null ? learningRate
                    : TrainingPlan.defaultLearningRate(architecture, from != null));
            if (from != null) {
                plan = plan.startingFrom(from);
            }
            plan = new TrainingPlan(plan.vit(), plan.resnet(), plan.steps(), plan.batchSize(), plan.learningRate(),
                    plan.weightDecay(), seed != null ? seed : plan.seed(), plan.testSeed(), plan.testScenes(), plan.output(),
                    twoObjectShare != null ? twoObjectShare : plan.twoObjectShare(), plan.start(),
                    new LossWeights(denseWeight != null ? denseWeight : plan.losses().denseLabels(),
                            valueWeight != null ? valueWeight : plan.losses().valueEvidence(),
                            clsMlpWeight != null ? clsMlpWeight : plan.losses().classTokenMlp(),
                            attentionWeight != null ? attentionWeight : plan.losses().objectAttention()), new Growth(widen, deepen),
                    distillation());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        var stdout = spec.commandLine().getOut();
        Trainer.Report r = Trainer.train(plan, line -> {
            stdout.println(line);
            stdout.flush();
        });
        stdout.printf("done: %d steps, final loss %.4f, accuracy %.4f on %d held-out scenes, %.1f min%n",
                r.steps(), r.finalLoss(), r.accuracy(), r.testScenes(), r.millis() / 60000.0);
        return 0;
    }

    private Distillation distillation() {
        if (teacher == null) {
            if (distillationWeight != null) {
                throw new IllegalArgumentException("--distillation-weight needs --teacher");
            }
            return null;
        }
        if (!java.nio.file.Files.isDirectory(teacher)) {
            throw new IllegalArgumentException("--teacher " + teacher + " is not a checkpoint folder");
        }
        return new Distillation(teacher, distillationWeight != null ? distillationWeight : 0.5);
    }
}
