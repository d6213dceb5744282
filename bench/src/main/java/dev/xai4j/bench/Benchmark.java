package dev.xai4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.xai4j.data.SceneGenerator;
import dev.xai4j.explain.ExplainRequest;
import dev.xai4j.explain.ExplainResult;
import dev.xai4j.explain.ExplanationEngine;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.Target;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.ConvNeXtConfig;
import dev.xai4j.model.EfficientNetConfig;
import dev.xai4j.model.NativeBackend;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.ResNetConfig;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.ViTConfig;
import dev.xai4j.model.VisionModel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Speed and memory of the explanation engine on full-size random-weight ViT-B/16 (224², 12 blocks,
 * 12 heads), ResNet-50, ConvNeXt-T and EfficientNet-B0 (224²), batch 1 and 8: forward only; the ViT
 * comparison (cls-attention + attention-rollout + grad-cam + chefer-relevance) through the shared pass;
 * the same four methods one by one; Grad-CAM on each CNN; cold start to the first explanation. Each scenario runs in a fresh JVM
 * so that its peak RSS (VmHWM) is its own; figures are the median, min and max over the warm runs,
 * with the 1-minute load average before and after each scenario (timings on a busy machine are not
 * comparable). The issue-7 targets are checked against the results at the end.
 *
 * <pre>java -jar bench/target/xai4j-bench.jar [--smoke] [--runs 5] [--warmup 2] [--batches 1,8]
 *     [--threads N] [--only SCENARIO,...] [--json FILE]</pre>
 * {@code --smoke} uses tiny models and one run: the CI check that the benchmark still works.
 * {@code -D} and {@code -X} options given to this JVM are passed on to each scenario's JVM.
 */
public final class Benchmark {

    static final List<String> COMPARISON = List.of("cls-attention", "attention-rollout", "grad-cam", "chefer-relevance");

    /** Scenarios run at every batch size, in order; cold start runs once, at batch 1. */
    static final List<String> PER_BATCH = List.of("vit-forward", "vit-comparison-shared", "vit-comparison-one-by-one",
            "resnet-forward", "resnet-grad-cam", "convnext-forward", "convnext-grad-cam", "efficientnet-forward",
            "efficientnet-grad-cam");
    static final String COLD_START = "vit-cold-start";

    /**
     * One measured scenario.
     *
     * @param passMedianMs median time inside model passes (the rest of {@code medianMs} is the explainers'
     *                     own work and the engine's bookkeeping)
     * @param loadBefore   1-minute load average when the scenario's JVM started
     * @param loadAfter    1-minute load average when it finished
     */
    public record Result(String scenario, String model, int batch, int runs, double medianMs, double minMs,
                         double maxMs, double passMedianMs, double imagesPerSecond, double peakRssMb, int threads,
                         double loadBefore, double loadAfter) {
    }

    /** One issue-7 target, checked against the results. */
    public record Check(String target, String measured, boolean met) {
    }

    /** What the JSON file holds. */
    public record Report(Map<String, Object> environment, List<Result> results, List<Check> targets) {
    }

    private record Options(boolean smoke, int runs, int warmup, List<Integer> batches, Optional<Integer> threads,
                           Set<String> only, Path json) {
    }

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("--child")) {
            // child mode: one scenario, one JSON line on stdout
            Options o = parse(Arrays.copyOfRange(args, 3, args.length));
            Result r = runScenario(args[1], Integer.parseInt(args[2]), o);
            System.out.println("RESULT " + new ObjectMapper().writeValueAsString(r));
            System.exit(0);
        }
        Options o = parse(args);
        Map<String, Object> env = environment(o);
        System.out.println("environment: " + env);
        List<Result> results = runAll(o, System.out::println);
        List<Check> checks = checks(results);
        System.out.println();
        System.out.println(table(results));
        if (o.smoke()) {
            System.out.println("(smoke run: tiny models, one cold run each; the targets below are for the full-size models)");
        }
        System.out.println(targetTable(checks));
        Path parent = o.json().toAbsolutePath().getParent();
        Files.createDirectories(parent);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(o.json().toFile(),
                new Report(env, results, checks));
        System.out.println("JSON: " + o.json());
    }

    private static Options parse(String[] args) {
        boolean smoke = false;
        int runs = 5;
        int warmup = 2;
        List<Integer> batches = List.of(1, 8);
        Optional<Integer> threads = Optional.empty();
        Set<String> only = Set.of();
        Path json = Path.of("bench", "target", "benchmark.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--batches" -> batches = Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::valueOf).toList();
                case "--threads" -> threads = Optional.of(Integer.parseInt(args[++i]));
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--json" -> json = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: [--smoke] [--runs N]"
                        + " [--warmup N] [--batches 1,8] [--threads N] [--only SCENARIO,...] [--json FILE]");
            }
        }
        if (smoke) {
            runs = 1;
            warmup = 0;
        }
        if (runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("--runs must be ≥ 1 and --warmup ≥ 0");
        }
        for (String s : only) {
            if (!PER_BATCH.contains(s) && !s.equals(COLD_START)) {
                throw new IllegalArgumentException("unknown scenario " + s + "; known: " + PER_BATCH + " and " + COLD_START);
            }
        }
        return new Options(smoke, runs, warmup, batches, threads, only, json);
    }

    private static String[] optionArgs(Options o) {
        List<String> a = new ArrayList<>(List.of("--runs", String.valueOf(o.runs()), "--warmup", String.valueOf(o.warmup()),
                "--json", o.json().toString()));
        if (o.smoke()) {
            a.add(0, "--smoke");
        }
        return a.toArray(new String[0]);
    }

    /** Runs every scenario, each in its own JVM. */
    static List<Result> runAll(Options o, Consumer<String> log) throws IOException, InterruptedException {
        List<Map.Entry<String, Integer>> plan = new ArrayList<>();
        for (int b : o.batches()) {
            for (String s : PER_BATCH) {
                plan.add(Map.entry(s, b));
            }
        }
        plan.add(Map.entry(COLD_START, 1));
        List<Result> out = new ArrayList<>();
        for (Map.Entry<String, Integer> s : plan) {
            if (!o.only().isEmpty() && !o.only().contains(s.getKey())) {
                continue;
            }
            log.accept("running " + s.getKey() + " batch " + s.getValue() + " (load " + loadAverage() + ") …");
            out.add(child(s.getKey(), s.getValue(), o));
        }
        return out;
    }

    private static Result child(String scenario, int batch, Options o) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        // the user's -D/-X settings (threads, heap, native build) apply to the measured JVM
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-D") || a.startsWith("-X")) {
                cmd.add(a);
            }
        }
        o.threads().ifPresent(t -> cmd.add("-D" + NativeBackend.THREADS_PROPERTY + "=" + t));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Benchmark.class.getName());
        cmd.add("--child");
        cmd.add(scenario);
        cmd.add(String.valueOf(batch));
        cmd.addAll(List.of(optionArgs(o)));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Result r = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("RESULT ")) {
                    r = new ObjectMapper().readValue(line.substring(7), Result.class);
                }
            }
        }
        int code = p.waitFor();
        if (code != 0 || r == null) {
            throw new IllegalStateException("scenario " + scenario + " failed with exit code " + code);
        }
        return r;
    }

    private static ViTConfig vit(boolean smoke) {
        return smoke ? new ViTConfig(32, 8, 32, 2, 2, 64, 10, 1e-6, false, 0, false) : ViTConfig.base16(1000);
    }

    private static ResNetConfig resnet(boolean smoke) {
        return smoke ? new ResNetConfig(true, new int[]{1, 1}, new int[]{8, 16}, 8, 10, 64) : ResNetConfig.resnet50(1000);
    }

    private static ConvNeXtConfig convnext(boolean smoke) {
        return smoke ? new ConvNeXtConfig(new int[]{1, 1}, new int[]{8, 16}, 4, 7, 4, true, 10, 64, 1e-6)
                : ConvNeXtConfig.convnextTiny(1000);
    }

    private static EfficientNetConfig efficientnet(boolean smoke) {
        return smoke ? new EfficientNetConfig(List.of(new EfficientNetConfig.Stage(1, 3, 1, 8, 8, 1),
                new EfficientNetConfig.Stage(4, 3, 2, 8, 16, 1)), 32, 10, 64, 1e-5) : EfficientNetConfig.efficientnetB0(1000);
    }

    /** The model a scenario measures, named by its prefix. */
    private static VisionModel model(String scenario, boolean smoke) {
        String family = scenario.equals(COLD_START) ? "vit" : scenario.substring(0, scenario.indexOf('-'));
        return switch (family) {
            case "vit" -> VisionModel.random(vit(smoke), 1);
            case "resnet" -> VisionModel.random(resnet(smoke), 1);
            case "convnext" -> VisionModel.random(convnext(smoke), 1);
            case "efficientnet" -> VisionModel.random(efficientnet(smoke), 1);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
    }

    /** Runs one scenario in this JVM. */
    static Result runScenario(String scenario, int batch, Options o) {
        double loadBefore = loadAverage();
        VisionModel model = model(scenario, o.smoke());
        try (model) {
            int size = model.info().inputHeight();
            SceneGenerator scenes = new SceneGenerator(5, Math.max(32, size));
            List<RgbImage> images = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                images.add(scenes.scene(i).image());
            }
            ExplanationEngine engine = new ExplanationEngine();
            Tensor pixels = model.preprocessing().batch(images);
            // each run returns the nanoseconds it spent inside model passes
            LongSupplier work = switch (scenario) {
                case "vit-forward", "resnet-forward", "convnext-forward", "efficientnet-forward" -> () -> model.run(PassRequest.forward(pixels, Set.of())).nanos();
                case "vit-comparison-shared", COLD_START -> () -> engine.explain(model,
                        new ExplainRequest(images, Target.top(), COMPARISON.stream().map(MethodRequest::of).toList(), 5)).passNanos();
                case "vit-comparison-one-by-one" -> () -> {
                    long nanos = 0;
                    for (String m : COMPARISON) {
                        ExplainResult r = engine.explain(model,
                                new ExplainRequest(images, Target.top(), List.of(MethodRequest.of(m)), 5));
                        nanos += r.passNanos();
                    }
                    return nanos;
                };
                case "resnet-grad-cam", "convnext-grad-cam", "efficientnet-grad-cam" -> () -> engine.explain(model,
                        new ExplainRequest(images, Target.top(), List.of(MethodRequest.of("grad-cam")), 5)).passNanos();
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            };
            double[] ms;
            double[] passMs;
            if (scenario.equals(COLD_START)) {
                passMs = new double[]{work.getAsLong() / 1e6};
                // from the JVM's start: class loading, ND4J's native load, graph build, first pass
                long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
                ms = new double[]{System.currentTimeMillis() - jvmStart};
            } else {
                for (int i = 0; i < o.warmup(); i++) {
                    work.getAsLong();
                }
                ms = new double[o.runs()];
                passMs = new double[o.runs()];
                for (int i = 0; i < o.runs(); i++) {
                    long t0 = System.nanoTime();
                    passMs[i] = work.getAsLong() / 1e6;
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            double median = median(ms);
            String name = model.info().name() + (o.smoke() ? " (smoke)" : "");
            return new Result(scenario, name, batch, ms.length, median, sorted[0], sorted[sorted.length - 1], median(passMs),
                    batch * 1000.0 / median, peakRssMb(), NativeBackend.threads(), loadBefore, loadAverage());
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The process's peak resident set (VmHWM), in MB; −1 where /proc is not there. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** The 1-minute load average; −1 where the platform does not say. */
    static double loadAverage() {
        double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? -1 : Math.round(l * 100) / 100.0;
    }

    /** What the figures depend on: the machine, the JVM, the native build and thread settings. */
    static Map<String, Object> environment(Options o) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("cpu", cpuModel());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        env.put("nativeBuild", NativeBackend.init());
        env.put("threads", o.threads().orElse(NativeBackend.threads()));
        env.put("runs", o.runs());
        env.put("warmup", o.warmup());
        env.put("smoke", o.smoke());
        env.put("loadAverage", loadAverage());
        return env;
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst()
                    .orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch"); // not Linux
        }
    }

    /** The results as a Markdown table. */
    static String table(List<Result> results) {
        StringBuilder s = new StringBuilder("| scenario | model | batch | runs | median ms | min ms | max ms | in passes ms"
                + " | images/s | peak RSS MB | threads | load before → after |\n|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %.0f | %.0f | %.0f | %.2f | %.0f | %d | %.2f → %.2f |%n",
                    r.scenario(), r.model(), r.batch(), r.runs(), r.medianMs(), r.minMs(), r.maxMs(), r.passMedianMs(),
                    r.imagesPerSecond(), r.peakRssMb(), r.threads(), r.loadBefore(), r.loadAfter()));
        }
        return s.toString();
    }

    /** The issue-7 targets (batch 1, warm) that these results can be checked against. */
    static List<Check> checks(List<Result> results) {
        List<Check> out = new ArrayList<>();
        find(results, "vit-comparison-shared", 1).ifPresent(r -> {
            out.add(new Check("ViT-B/16 four-method comparison ≤ 1500 ms median",
                    String.format(Locale.ROOT, "%.0f ms", r.medianMs()), r.medianMs() <= 1500));
            out.add(new Check("its peak RSS ≤ 2.5 GB (2560 MB)",
                    String.format(Locale.ROOT, "%.0f MB", r.peakRssMb()), r.peakRssMb() <= 2560));
            find(results, "vit-comparison-one-by-one", 1).ifPresent(one -> {
                double ratio = r.medianMs() / one.medianMs();
                out.add(new Check("shared pass ≤ 0.6 × the four methods one by one",
                        String.format(Locale.ROOT, "%.2f ×", ratio), ratio <= 0.6));
            });
        });
        find(results, "resnet-grad-cam", 1).ifPresent(r -> out.add(new Check("ResNet-50 grad-cam ≤ 350 ms median",
                String.format(Locale.ROOT, "%.0f ms", r.medianMs()), r.medianMs() <= 350)));
        for (String s : List.of("vit-comparison-shared", "resnet-grad-cam", "vit-forward", "resnet-forward")) {
            Optional<Result> one = find(results, s, 1);
            Optional<Result> eight = find(results, s, 8);
            if (one.isPresent() && eight.isPresent()) {
                double gain = eight.get().imagesPerSecond() / one.get().imagesPerSecond();
                out.add(new Check(s + ": batch 8 ≥ 1.3 × the images/s of batch 1",
                        String.format(Locale.ROOT, "%.2f ×", gain), gain >= 1.3));
            }
        }
        return out;
    }

    private static Optional<Result> find(List<Result> results, String scenario, int batch) {
        return results.stream().filter(r -> r.scenario().equals(scenario) && r.batch() == batch).findFirst();
    }

    /** The target checks as a Markdown table. */
    static String targetTable(List<Check> checks) {
        StringBuilder s = new StringBuilder("| target (issue 7) | measured | met |\n|---|---|---|\n");
        for (Check c : checks) {
            s.append("| ").append(c.target()).append(" | ").append(c.measured()).append(" | ").append(c.met() ? "yes" : "no").append(" |\n");
        }
        return s.toString();
    }
}
