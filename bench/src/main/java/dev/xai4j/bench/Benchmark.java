package dev.xai4j.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.xai4j.data.SceneGenerator;
import dev.xai4j.explain.ExplainRequest;
import dev.xai4j.explain.ExplanationEngine;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.Target;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.ResNetConfig;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.ViTConfig;
import dev.xai4j.model.VisionModel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Speed and memory of the explanation engine on full-size random-weight ViT-B/16 (224², 12 blocks,
 * 12 heads) and ResNet-50, batch 1 and 8: forward only; the ViT comparison (cls-attention +
 * attention-rollout + grad-cam + chefer-relevance) through the shared pass; the same four methods one
 * by one; ResNet-50 Grad-CAM; cold start to the first explanation. Each scenario runs in a fresh JVM
 * so that its peak RSS (VmHWM) is its own; figures are the median, min and max over the warm runs.
 *
 * <pre>java -jar bench/target/xai4j-bench.jar [--smoke] [--runs 5] [--warmup 2] [--batches 1,8] [--json FILE]</pre>
 * {@code --smoke} uses tiny models and one run: the CI check that the benchmark still works.
 */
public final class Benchmark {

    static final List<String> COMPARISON = List.of("cls-attention", "attention-rollout", "grad-cam", "chefer-relevance");

    /** One measured scenario. */
    public record Result(String scenario, String model, int batch, int runs, double medianMs, double minMs,
                         double maxMs, double imagesPerSecond, double peakRssMb) {
    }

    private record Options(boolean smoke, int runs, int warmup, List<Integer> batches, Path json) {
    }

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("--child")) {
            // child mode: one scenario, one JSON line on stdout
            Options o = parse(Arrays.copyOfRange(args, 3, args.length));
            Result r = runScenario(args[1], Integer.parseInt(args[2]), o);
            System.out.println("RESULT " + new ObjectMapper().writeValueAsString(r));
            System.exit(0);
        }
        Options o = parse(args);
        List<Result> results = runAll(o, System.out::println);
        System.out.println();
        System.out.println(table(results));
        Files.createDirectories(o.json().toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(o.json().toFile(), results);
        System.out.println("JSON: " + o.json());
    }

    private static Options parse(String[] args) {
        boolean smoke = false;
        int runs = 5;
        int warmup = 2;
        List<Integer> batches = List.of(1, 8);
        Path json = Path.of("bench", "target", "benchmark.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--smoke" -> smoke = true;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--batches" -> batches = Arrays.stream(args[++i].split(",")).map(String::trim).map(Integer::valueOf).toList();
                case "--json" -> json = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: [--smoke] [--runs N] [--warmup N] [--batches 1,8] [--json FILE]");
            }
        }
        if (smoke) {
            runs = 1;
            warmup = 0;
        }
        if (runs < 1 || warmup < 0) {
            throw new IllegalArgumentException("--runs must be ≥ 1 and --warmup ≥ 0");
        }
        return new Options(smoke, runs, warmup, batches, json);
    }

    private static String[] optionArgs(Options o) {
        List<String> a = new ArrayList<>(List.of("--runs", String.valueOf(o.runs()), "--warmup", String.valueOf(o.warmup()),
                "--batches", String.join(",", o.batches().stream().map(String::valueOf).toList()), "--json", o.json().toString()));
        if (o.smoke()) {
            a.add(0, "--smoke");
        }
        return a.toArray(new String[0]);
    }

    /** Runs every scenario, each in its own JVM. */
    static List<Result> runAll(Options o, java.util.function.Consumer<String> log) throws IOException, InterruptedException {
        List<Result> out = new ArrayList<>();
        List<String[]> plan = new ArrayList<>();
        for (int b : o.batches()) {
            plan.add(new String[]{"vit-forward", String.valueOf(b)});
            plan.add(new String[]{"vit-comparison-shared", String.valueOf(b)});
        }
        plan.add(new String[]{"vit-comparison-one-by-one", "1"});
        for (int b : o.batches()) {
            plan.add(new String[]{"resnet-forward", String.valueOf(b)});
            plan.add(new String[]{"resnet-grad-cam", String.valueOf(b)});
        }
        plan.add(new String[]{"vit-cold-start", "1"});
        for (String[] s : plan) {
            log.accept("running " + s[0] + " batch " + s[1] + " …");
            out.add(child(s[0], Integer.parseInt(s[1]), o));
        }
        return out;
    }

    private static Result child(String scenario, int batch, Options o) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
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

    /** Runs one scenario in this JVM. */
    static Result runScenario(String scenario, int batch, Options o) {
        long start = System.nanoTime();
        boolean vitScenario = scenario.startsWith("vit");
        VisionModel model = vitScenario ? VisionModel.random(vit(o.smoke()), 1) : VisionModel.random(resnet(o.smoke()), 1);
        try (model) {
            int size = model.info().inputHeight();
            SceneGenerator scenes = new SceneGenerator(5, Math.max(32, size));
            List<RgbImage> images = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                images.add(scenes.scene(i).image());
            }
            ExplanationEngine engine = new ExplanationEngine();
            Tensor pixels = model.preprocessing().batch(images);
            Runnable work = switch (scenario) {
                case "vit-forward", "resnet-forward" -> () -> model.run(PassRequest.forward(pixels, Set.of()));
                case "vit-comparison-shared", "vit-cold-start" -> () -> engine.explain(model,
                        new ExplainRequest(images, Target.top(), COMPARISON.stream().map(MethodRequest::of).toList(), 5));
                case "vit-comparison-one-by-one" -> () -> {
                    for (String m : COMPARISON) {
                        engine.explain(model, new ExplainRequest(images, Target.top(), List.of(MethodRequest.of(m)), 5));
                    }
                };
                case "resnet-grad-cam" -> () -> engine.explain(model,
                        new ExplainRequest(images, Target.top(), List.of(MethodRequest.of("grad-cam")), 5));
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            };
            double[] ms;
            if (scenario.equals("vit-cold-start")) {
                work.run();
                // from the JVM's start: class loading, ND4J's native load, graph build, first pass
                long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
                ms = new double[]{System.currentTimeMillis() - jvmStart};
            } else {
                for (int i = 0; i < o.warmup(); i++) {
                    work.run();
                }
                ms = new double[o.runs()];
                for (int i = 0; i < o.runs(); i++) {
                    long t0 = System.nanoTime();
                    work.run();
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
            }
            double[] sorted = ms.clone();
            Arrays.sort(sorted);
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            String name = model.info().name() + (o.smoke() ? " (smoke)" : "");
            return new Result(scenario, name, batch, ms.length, median, sorted[0], sorted[sorted.length - 1],
                    batch * 1000.0 / median, peakRssMb());
        }
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

    /** The results as a Markdown table. */
    static String table(List<Result> results) {
        StringBuilder s = new StringBuilder(
                "| scenario | model | batch | runs | median ms | min ms | max ms | images/s | peak RSS MB |\n"
                        + "|---|---|---|---|---|---|---|---|---|\n");
        for (Result r : results) {
            s.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.0f | %.0f | %.0f | %.2f | %.0f |%n", r.scenario(),
                    r.model(), r.batch(), r.runs(), r.medianMs(), r.minMs(), r.maxMs(), r.imagesPerSecond(), r.peakRssMb()));
        }
        return s.toString();
    }
}
