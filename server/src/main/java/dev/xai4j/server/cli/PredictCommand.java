package dev.xai4j.server.cli;

import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.InvalidImageException;
import dev.xai4j.model.Prediction;
import dev.xai4j.model.VisionModel;
import dev.xai4j.server.service.Results;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code xai predict}: the top classes of images. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Classify images: the top-k classes with their probabilities.")
final class PredictCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "<dir|name>",
            description = "Checkpoint folder, or a model name (see 'xai models'); default: the default model")
    String model;

    @Option(names = {"-k", "--top-k"}, defaultValue = "5", paramLabel = "<k>", description = "Classes to show (default ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--json", description = "Print JSON (one object per image, in an array)")
    boolean json;

    @CommandLine.Mixin
    InputSizeOption inputSize;

    @Option(names = "--models-dir", paramLabel = "<dir>", description = "A folder of checkpoint folders, usable by name")
    Path modelsDir;

    @Parameters(arity = "1..*", paramLabel = "<image|folder>", description = "Images (judged by content) or folders of images")
    List<Path> inputs;

    @Override
    public Integer call() {
        if (topK < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--top-k must be at least 1, got " + topK);
        }
        List<Path> files = Inputs.images(inputs);
        Path checkpoint = CliSettings.load(modelsDir).resolve(model);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failures = 0;
        List<Map<String, Object>> all = new ArrayList<>();
        try (VisionModel vm = VisionModel.load(checkpoint, inputSize.value(spec))) {
            ImageDecoder decoder = new ImageDecoder();
            for (Path f : files) {
                Prediction p;
                try {
                    p = vm.predict(decoder.read(f), topK);
                } catch (InvalidImageException e) {
                    failures++;
                    err.println("xai predict: skipped " + Failures.oneLine(e.getMessage()));
                    continue;
                }
                if (json) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("image", f.toString());
                    m.put("model", vm.info().name());
                    m.put("top", Results.scores(p));
                    all.add(m);
                } else {
                    out.println(f + " (" + vm.info().name() + ")");
                    for (Prediction.ClassScore c : p.top()) {
                        out.printf("  %4d  %-28s %7.3f%%   logit %9.4f%n", c.index(), c.label(), 100 * c.probability(), c.logit());
                    }
                }
            }
        }
        if (json) {
            out.println(new String(ExplainCommand.JSON.writeValueAsBytesUnchecked(all), java.nio.charset.StandardCharsets.UTF_8));
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }
}
