package dev.xai4j.server.cli;

import dev.xai4j.eval.Evaluation;
import dev.xai4j.eval.EvaluationOptions;
import dev.xai4j.eval.ExplanationMetrics;
import dev.xai4j.eval.ImageMetrics;
import dev.xai4j.eval.Metric;
import dev.xai4j.eval.MetricInput;
import dev.xai4j.eval.MetricOptions;
import dev.xai4j.eval.MetricReport;
import dev.xai4j.eval.RemovalValue;
import dev.xai4j.eval.EvaluationSet;
import dev.xai4j.eval.EvaluationTable;
import dev.xai4j.explain.Explainer;
import dev.xai4j.explain.ExplanationEngine;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.model.VisionModel;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code xai eval}: scores explanation methods against ground-truth object masks. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Score explanation methods against object masks: pointing game, energy, IoU of the top 15 %%, "
                + "class discrimination, deletion and insertion AUC; or, with --metrics, faithfulness, sanity, complexity, "
                + "robustness and localisation metrics on the single-object samples. Prints a table and writes Markdown, "
                + "CSV and JSON.")
final class EvalCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "<dir|name>", description = "Checkpoint folder or model name; default: the default model")
    String model;

    @Option(names = "--methods", split = ",", paramLabel = "<id>", description = "Methods to score (default: the applicable ones of "
            + "cls-attention, attention-rollout, grad-cam, chefer-relevance, attnlrp, cp-lrp, cam, lrp, gradient, input-x-gradient)")
    List<String> methods;

    @Option(names = "--scenes", defaultValue = "300", description = "Generated single-object scenes (default ${DEFAULT-VALUE})")
    int scenes;

    @Option(names = "--two-object", defaultValue = "200", description = "Generated two-object scenes (default ${DEFAULT-VALUE})")
    int twoObject;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of the generated scenes (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--data", paramLabel = "<dir>", description = "A folder of images with masks (see 'xai scenes') instead of generated scenes")
    Path data;

    @Option(names = "--batch-size", defaultValue = "8", description = "Images per explanation pass (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--pointing-tolerance", defaultValue = "0", paramLabel = "<px>",
            description = "Count a map's maximum within this many pixels of its object as a hit in the pointing game and "
                    + "class discrimination (default ${DEFAULT-VALUE}: inside the mask; 15 is the pointing game of Zhang et al. "
                    + "and TorchRay)")
    double pointingTolerance;

    @Option(names = "--metrics", split = ",", paramLabel = "<id>", description = "Instead of the localisation table: these "
            + "metrics on the single-object samples, their explained class the label: perturbation, road, morf-lerf, mprt, "
            + "random-logit, sparseness, complexity, max-sensitivity, relevance-mass, relevance-rank (see docs/evaluation.md)")
    List<String> metrics;

    @Option(names = "--removal", defaultValue = "black", paramLabel = "<black|zero|mean>", description = "Perturbation test: "
            + "what a removed pixel becomes (default ${DEFAULT-VALUE}: 0 in pixel space, as Chefer et al.'s code)")
    String removal;

    @Option(names = "--patch-size", defaultValue = "1", paramLabel = "<px>", description = "Perturbation test: remove "
            + "p × p patches instead of pixels (default ${DEFAULT-VALUE}: pixels)")
    int patchSize;

    @Option(names = {"-o", "--out"}, paramLabel = "<dir>", description = "Folder for eval.md, eval.csv and eval.json")
    Path out;

    @Option(names = "--models-dir", paramLabel = "<dir>", description = "A folder of checkpoint folders, usable by name")
    Path modelsDir;

    @Override
    public Integer call() {
        if (scenes < 0 || twoObject < 0 || batchSize < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--scenes and --two-object must be ≥ 0, --batch-size ≥ 1");
        }
        if (!(pointingTolerance >= 0) || Double.isInfinite(pointingTolerance)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--pointing-tolerance must be a finite number of pixels ≥ 0, got " + pointingTolerance);
        }
        java.util.Set<Metric> wanted = metrics == null ? null : wantedMetrics();
        MetricOptions options = metrics == null ? null : metricOptions();
        Path checkpoint = CliSettings.load(modelsDir).resolve(model);
        ExplanationEngine engine = new ExplanationEngine();
        try (VisionModel vm = VisionModel.load(checkpoint)) {
            // scored when none are named: every applicable method but the many-pass ones
            List<MethodRequest> requests = (methods != null ? methods : engine.registry().applicable(vm.info()).stream()
                    .filter(Explainer::singlePass).map(Explainer::id).toList())
                    .stream().map(MethodRequest::of).toList();
            for (MethodRequest r : requests) {
                engine.validate(vm.info(), r);
            }
            EvaluationSet set = data != null ? EvaluationSet.folder(data, vm.info().labels())
                    : EvaluationSet.generated(seed, vm.info().inputHeight(), scenes, twoObject);
            if (metrics != null) {
                return metrics(engine, vm, set, requests, wanted, options);
            }
            Evaluation evaluation = new Evaluation(engine, EvaluationOptions.DEFAULTS.withBatchSize(batchSize)
                    .withPointingTolerance(pointingTolerance));
            EvaluationTable table;
            boolean bar = System.console() != null;
            try (ProgressBar progress = bar ? new ProgressBarBuilder().setTaskName("eval").setInitialMax(set.size())
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build() : null) {
                table = evaluation.run(vm, set, requests, (done, total) -> {
                    if (progress != null) {
                        progress.stepTo(done);
                    }
                });
            }
            write(table.toMarkdown(), table.toCsv(), table.toJson());
        }
        return 0;
    }

    /** The --metrics and their options, checked before the model loads. */
    private MetricOptions metricOptions() {
        RemovalValue value;
        try {
            value = RemovalValue.valueOf(removal.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--removal must be black, zero or mean, got '" + removal + "'");
        }
        try {
            return MetricOptions.DEFAULTS.withBatchSize(batchSize).withRemoval(value).withPatchSize(patchSize);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private java.util.Set<Metric> wantedMetrics() {
        java.util.Set<Metric> wanted = new java.util.LinkedHashSet<>();
        for (String id : metrics) {
            try {
                wanted.add(Metric.of(id));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--metrics: " + e.getMessage());
            }
        }
        return wanted;
    }

    /** The --metrics run: every single-object sample, explained for its label. */
    private int metrics(ExplanationEngine engine, VisionModel vm, EvaluationSet set, List<MethodRequest> requests,
                        java.util.Set<Metric> wanted, MetricOptions options) {
        List<MetricInput> inputs = new java.util.ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            if (set.get(i).singleObject()) {
                inputs.add(MetricInput.of(set.get(i)));
            }
        }
        if (inputs.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), set.name() + " has no single-object sample to score");
        }
        List<ImageMetrics> results;
        boolean bar = System.console() != null;
        try (ProgressBar progress = bar ? new ProgressBarBuilder().setTaskName("metrics").setInitialMax(inputs.size())
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err)).build() : null) {
            results = new ExplanationMetrics(engine, options).evaluate(vm, inputs, requests, wanted, (done, total) -> {
                if (progress != null) {
                    progress.maxHint(total);
                    progress.stepTo(done);
                }
            });
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        MetricReport report = new MetricReport(vm.info().name(), inputs.size() + " single-object samples of " + set.name(),
                options, results);
        write(report.toMarkdown(), report.toCsv(), report.toJson());
        return 0;
    }

    /** Prints the Markdown and, with --out, writes eval.md, eval.csv and eval.json. */
    private void write(String markdown, String csv, String json) {
        var stdout = spec.commandLine().getOut();
        stdout.println(markdown);
        if (out != null) {
            try {
                Files.createDirectories(out);
                Files.writeString(out.resolve("eval.md"), markdown);
                Files.writeString(out.resolve("eval.csv"), csv);
                Files.writeString(out.resolve("eval.json"), json);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to " + out, e);
            }
            stdout.println("written: " + Arrays.asList("eval.md", "eval.csv", "eval.json") + " in " + out);
        }
        stdout.flush();
    }
}
