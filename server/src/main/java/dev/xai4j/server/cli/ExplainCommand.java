package dev.xai4j.server.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.xai4j.explain.ExplainRequest;
import dev.xai4j.explain.ExplainResult;
import dev.xai4j.explain.Explainer;
import dev.xai4j.explain.ExplanationEngine;
import dev.xai4j.explain.Explanation;
import dev.xai4j.explain.ImageExplanations;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.ParameterException;
import dev.xai4j.explain.Target;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.InvalidImageException;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.VisionModel;
import dev.xai4j.render.Panel;
import dev.xai4j.render.RenderOptions;
import dev.xai4j.server.api.dto.ImageSize;
import dev.xai4j.server.service.RenderSettings;
import dev.xai4j.server.service.Results;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code xai explain}: per image, a side-by-side PNG panel (the image, then each method's map over
 * it) and a JSON file with the raw maps, the target, the parameters and the timings.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explain a model's decision on images: writes <out>/<image>.png (a side-by-side panel) and "
                + "<out>/<image>.json (raw maps as row-major floats with height and width, target, parameters, timings).",
                "All methods of a batch of images share one forward pass and at most one backward pass."},
        footer = {"", "Examples:",
                "  xai explain --model vit-tiny --methods cls-attention,attention-rollout,grad-cam,chefer-relevance "
                        + "cat.jpg --out out/",
                "  xai explain --model ./my-vit --methods attention-rollout --head-fusion max --discard-ratio 0.9 "
                        + "--target 'tabby cat' photos/ --out out/",
                "  xai explain --model ./dinov2 --input-size 96 --methods cls-attention,grad-cam photo.png --out out/"})
final class ExplainCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "<dir|name>",
            description = "Checkpoint folder, or a model name (see 'xai models'); default: the default model")
    String model;

    @Option(names = "--methods", split = ",", paramLabel = "<id>",
            description = "Comma-separated explainer ids (see 'xai models'); default: those of "
                    + "cls-attention, attention-rollout, grad-cam, chefer-relevance, cam that apply to the model")
    List<String> methods;

    @Option(names = "--target", defaultValue = "top", paramLabel = "top|top-<k>|<index>|<label>|<A> vs <B>",
            description = "Class to explain (default: ${DEFAULT-VALUE}, the predicted class); 'A vs B' explains why A "
                    + "rather than B (the gradient of y_A − y_B)")
    String target;

    @Option(names = "--layer", paramLabel = "<layer>",
            description = "'layer' of the methods that take one: a block index (negative from the end) or, for "
                    + "Grad-CAM on a CNN, a capture point such as layer4.0")
    String layer;

    @Option(names = "--head-fusion", paramLabel = "mean|max|min", description = "'head_fusion' of the methods that take one")
    String headFusion;

    @Option(names = "--discard-ratio", paramLabel = "<ratio>",
            description = "'discard_ratio' of attention rollout: share of the weakest attention links dropped, in [0, 1)")
    Double discardRatio;

    @Option(names = {"-P", "--param"}, paramLabel = "<method>.<name>=<value>",
            description = "Any method parameter, e.g. -P integrated-gradients.steps=64 (repeatable)")
    List<String> params = new ArrayList<>();

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "<dir>", description = "Output folder (created if needed)")
    Path out;

    @Option(names = "--top-k", defaultValue = "5", paramLabel = "<k>", description = "Classes listed in the JSON (default ${DEFAULT-VALUE})")
    int topK;

    @Option(names = "--colormap", defaultValue = "jet", description = "jet, viridis, inferno, turbo, grey or blue_white_red (default ${DEFAULT-VALUE})")
    String colormap;

    @Option(names = "--alpha", defaultValue = "0.5", description = "Opacity of the maps over the image, 0 to 1 (default ${DEFAULT-VALUE})")
    double alpha;

    @Option(names = "--normalization", description = "auto (default), max, min_max, symmetric or percentile")
    String normalization;

    @Option(names = "--upsampling", description = "nearest, bilinear (default) or bicubic")
    String upsampling;

    @Option(names = "--tile-size", defaultValue = "224", paramLabel = "<px>", description = "Height of the panel's tiles (default ${DEFAULT-VALUE})")
    int tileSize;

    @Option(names = "--batch-size", defaultValue = "8", paramLabel = "<n>", description = "Images per shared pass (default ${DEFAULT-VALUE})")
    int batchSize;

    @CommandLine.Mixin
    InputSizeOption inputSize;

    @Option(names = "--models-dir", paramLabel = "<dir>", description = "A folder of checkpoint folders, usable by name")
    Path modelsDir;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar or summary")
    boolean quiet;

    @Parameters(arity = "1..*", paramLabel = "<image|folder>", description = "Images (judged by content) or folders of images")
    List<Path> inputs;

    @Override
    public Integer call() {
        if (topK < 1) {
            throw usage("--top-k must be at least 1, got " + topK);
        }
        if (batchSize < 1) {
            throw usage("--batch-size must be at least 1, got " + batchSize);
        }
        if (tileSize < 16 || tileSize > 4096) {
            throw usage("--tile-size must be in [16, 4096], got " + tileSize);
        }
        RenderOptions render = RenderSettings.parse(colormap, alpha, normalization, upsampling);
        Target t = Target.parse(target);
        List<Path> files = Inputs.images(inputs);
        Path checkpoint = CliSettings.load(modelsDir).resolve(model);
        ExplanationEngine engine = new ExplanationEngine();
        // Named methods are checked before the model loads, so a typo costs no load time.
        List<MethodRequest> named = methods == null || methods.isEmpty() ? null : methodRequests(engine, ids(methods));
        createFolder(out);

        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        int failures = 0;
        int done = 0;
        try (VisionModel vm = VisionModel.load(checkpoint, inputSize.value(spec))) {
            ModelInfo info = vm.info();
            List<MethodRequest> requests = named != null ? named : methodRequests(engine, defaults(engine, info));
            for (MethodRequest r : requests) {
                engine.validate(info, r);
            }
            checkTarget(t, info);

            ImageDecoder decoder = new ImageDecoder();
            Set<String> taken = new HashSet<>();
            // A bar redrawn with \r only makes sense on a terminal; piped output gets a line per image.
            boolean bar = !quiet && Inputs.anyFolder(inputs) && files.size() > 1 && System.console() != null;
            try (ProgressBar progress = bar ? progressBar(files.size()) : null) {
                for (int from = 0; from < files.size(); from += batchSize) {
                    List<Path> batchFiles = new ArrayList<>();
                    List<RgbImage> images = new ArrayList<>();
                    List<Double> decodeMs = new ArrayList<>();
                    for (Path f : files.subList(from, Math.min(files.size(), from + batchSize))) {
                        long d0 = System.nanoTime();
                        try {
                            images.add(decoder.read(f));
                            batchFiles.add(f);
                            decodeMs.add(Results.ms(System.nanoTime() - d0));
                        } catch (InvalidImageException e) {
                            failures++;
                            report(stderr, progress, "skipped " + Failures.oneLine(e.getMessage()));
                            step(progress);
                        }
                    }
                    if (images.isEmpty()) {
                        continue;
                    }
                    long e0 = System.nanoTime();
                    ExplainResult result = engine.explain(vm, new ExplainRequest(images, t, requests, topK));
                    double inferenceMs = Results.ms(System.nanoTime() - e0);
                    for (ImageExplanations ie : result.images()) {
                        Path file = batchFiles.get(ie.index());
                        long r0 = System.nanoTime();
                        String stem = unique(Inputs.stem(file), taken);
                        Path png = out.resolve(stem + ".png");
                        Path json = out.resolve(stem + ".json");
                        write(png, Panel.png(images.get(ie.index()), tiles(ie), render, tileSize));
                        var agreement = Results.agreement(ie);
                        double renderMs = Results.ms(System.nanoTime() - r0);
                        RgbImage img = images.get(ie.index());
                        ExplainReport rep = new ExplainReport(file.toString(), info.name(), checkpoint.toString(),
                                new ImageSize(img.width(), img.height()), target, Results.scores(ie.prediction()),
                                ie.explanations().stream().map(e -> Results.explanation(e, true, null)).toList(),
                                agreement.isEmpty() ? null : agreement,
                                new ExplainReport.Timings(decodeMs.get(ie.index()), inferenceMs, images.size(), renderMs));
                        write(json, JSON.writeValueAsBytesUnchecked(rep));
                        done++;
                        if (progress == null && !quiet) {
                            stdout.println(file + " → " + png + ", " + json);
                        }
                        step(progress);
                    }
                }
            }
        }
        if (!quiet && (files.size() > 1 || failures > 0)) {
            stderr.printf("explained %d of %d images in %.1f s → %s%n", done, files.size(),
                    (System.nanoTime() - t0) / 1e9, out);
        }
        return failures == 0 ? 0 : 1;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static List<String> ids(List<String> names) {
        return names.stream().map(String::trim).filter(n -> !n.isEmpty()).distinct().toList();
    }

    /** The default methods that apply to the model. */
    private static List<String> defaults(ExplanationEngine engine, ModelInfo info) {
        return engine.registry().defaults(info).stream().map(Explainer::id).toList();
    }

    /**
     * The methods with the shared options and -P parameters given to those that take them, their
     * values checked against each method's declared ranges (model-dependent ranges are checked later).
     */
    private List<MethodRequest> methodRequests(ExplanationEngine engine, List<String> ids) {
        Map<String, Map<String, Object>> byMethod = new LinkedHashMap<>();
        for (String id : ids) {
            engine.registry().get(id); // unknown ids fail here, listing the known ones
            byMethod.put(id, new LinkedHashMap<>());
        }
        shared(engine, byMethod, "--layer", "layer", layer);
        shared(engine, byMethod, "--head-fusion", "head_fusion", headFusion);
        shared(engine, byMethod, "--discard-ratio", "discard_ratio", discardRatio);
        for (String p : params) {
            int dot = p.indexOf('.');
            int eq = p.indexOf('=');
            if (dot < 1 || eq < dot + 2) {
                throw usage("-P takes <method>.<name>=<value>, got '" + p + "'");
            }
            String method = p.substring(0, dot);
            Map<String, Object> m = byMethod.get(method);
            if (m == null) {
                throw usage("-P " + p + ": method '" + method + "' is not among --methods " + ids);
            }
            m.put(p.substring(dot + 1, eq), p.substring(eq + 1));
        }
        List<MethodRequest> out = new ArrayList<>();
        byMethod.forEach((id, p) -> {
            dev.xai4j.explain.Parameters.resolve(id, engine.registry().get(id).parameters(), p);
            out.add(new MethodRequest(id, p));
        });
        return out;
    }

    private void shared(ExplanationEngine engine, Map<String, Map<String, Object>> byMethod, String option, String name,
                        Object value) {
        if (value == null) {
            return;
        }
        boolean used = false;
        for (var e : byMethod.entrySet()) {
            if (engine.registry().get(e.getKey()).parameters().stream().anyMatch(s -> s.name().equals(name))) {
                e.getValue().put(name, value);
                used = true;
            }
        }
        if (!used) {
            throw usage(option + " applies to none of the methods " + byMethod.keySet());
        }
    }

    /** Fails before any image is read if a fixed target does not exist. */
    private static void checkTarget(Target t, ModelInfo info) {
        if (t instanceof Target.Contrast c) {
            checkTarget(c.target(), info);
            checkTarget(c.rather(), info);
            return;
        }
        if (t instanceof Target.ClassIndex ci && (ci.index() < 0 || ci.index() >= info.numClasses())) {
            throw new ParameterException("target", "--target " + ci.index() + " is out of range [0, "
                    + (info.numClasses() - 1) + "] for model " + info.name());
        }
        if (t instanceof Target.Label l) {
            info.labelIndex(l.label());
        }
    }

    private static List<Panel.Tile> tiles(ImageExplanations ie) {
        boolean several = ie.explanations().stream().map(Explanation::target).distinct().count() > 1;
        List<Panel.Tile> out = new ArrayList<>();
        for (Explanation e : ie.explanations()) {
            String caption = several ? e.method() + " → " + e.targetLabel() : e.method();
            String sub = e.targetLabel() + (e.contrastive() ? " vs " + e.contrastLabel() : "") + " · " + Math.round((e.passNanos() + e.methodNanos()) / 1e6) + " ms";
            out.add(new Panel.Tile(caption, sub, e.map()));
        }
        return out;
    }

    private static ProgressBar progressBar(int total) {
        return new ProgressBarBuilder().setTaskName("explain").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(200)
                .continuousUpdate().build();
    }

    private static void step(ProgressBar progress) {
        if (progress != null) {
            progress.step();
        }
    }

    private static void report(PrintWriter err, ProgressBar progress, String line) {
        if (progress != null) {
            // end the bar's line so the message is not drawn over
            System.err.print("\r");
        }
        err.println("xai explain: " + line);
    }

    private static String unique(String stem, Set<String> taken) {
        String s = stem;
        for (int i = 2; !taken.add(s); i++) {
            s = stem + "-" + i;
        }
        return s;
    }

    static void createFolder(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new CliException("--out " + dir + " is a file, not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CliException("cannot create the output folder " + dir + ": " + e.getMessage());
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** JSON with objects indented and number arrays on one line (maps would otherwise take a line per value). */
    static final Json JSON = new Json();

    /** A compact-arrays pretty printer. */
    static final class Json {
        private final ObjectWriter writer;

        Json() {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter().withArrayIndenter(DefaultPrettyPrinter.NopIndenter.instance)
                    .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
            writer = new ObjectMapper().writer(pp);
        }

        byte[] writeValueAsBytesUnchecked(Object value) {
            try {
                return writer.writeValueAsBytes(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
