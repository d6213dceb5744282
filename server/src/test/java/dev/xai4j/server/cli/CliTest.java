package dev.xai4j.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xai4j.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code xai} command line. Commands that run a model run in a child JVM, as a user runs
 * them (exit code, standard output and error); commands that fail before touching a model run
 * in-process, which is quicker. (ND4J's native library must not load into this JVM's class
 * loader: the Quarkus tests load it into theirs.)
 */
class CliTest {

    static final String VIT_CASE = "vit-tiny-hf__vit-a__top";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    /** Runs {@code xai args} in a new JVM with the test class path. */
    static Run xai(String... args) throws IOException, InterruptedException {
        return xaiWithTemp(Path.of(System.getProperty("java.io.tmpdir")), args);
    }

    /** Runs {@code xai args} in a new JVM with the test class path and {@code temp} as its temporary folder. */
    static Run xaiWithTemp(Path temp, String... args) throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, "-Dxai.models.vit-tiny.path=" + Fixtures.model("vit-tiny-hf").toAbsolutePath(),
                "-Djava.io.tmpdir=" + temp.toAbsolutePath(), XaiMain.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        // read both streams fully (small outputs), then wait
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "xai " + String.join(" ", args) + " did not finish");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** Runs {@code xai args} in this JVM (only for commands that stop before loading a model). */
    static Run xaiHere(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = XaiCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    static float[] values(JsonNode explanation) {
        JsonNode v = explanation.get("map").get("values");
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) v.get(i).asDouble();
        }
        return out;
    }

    static void assertNoStackTrace(Run r) {
        assertFalse(r.err.contains("\tat "), "stack trace on stderr:\n" + r.err);
        assertFalse(r.err.contains("Exception"), "exception name on stderr:\n" + r.err);
    }

    @Test
    void explainWritesAPanelAndTheRawMapsMatchingTheFixtures() throws Exception {
        Path out = tmp.resolve("out");
        Run r = xai("explain", "--model", Fixtures.model("vit-tiny-hf").toString(),
                "--methods", "cls-attention,attention-rollout,grad-cam,chefer-relevance",
                Fixtures.image("vit-a.png").toString(), "--out", out.toString());
        assertEquals(0, r.exit, r.err);
        assertNoStackTrace(r);
        assertTrue(r.out.contains("vit-a.json"), r.out);

        JsonNode report = JSON.readTree(out.resolve("vit-a.json").toFile());
        assertEquals("top", report.get("target").asText());
        assertEquals(1, report.get("prediction").get(0).get("index").asInt());
        JsonNode ex = report.get("explanations");
        assertEquals(4, ex.size());
        List<String> tensors = List.of("cls_attention", "rollout.mean.discard0", "gradcam", "chefer");
        double[] rel = {1e-4, 1e-4, 1e-3, 1e-3};
        for (int i = 0; i < 4; i++) {
            JsonNode e = ex.get(i);
            assertEquals(1, e.get("target").asInt());
            assertEquals(8, e.get("map").get("height").asInt());
            assertEquals(8, e.get("map").get("width").asInt());
            assertTrue(e.get("parameters").isObject());
            assertTrue(e.get("timings").get("passMs").asDouble() > 0);
            Fixtures.assertClose(Fixtures.expected(VIT_CASE, tensors.get(i)).data(), values(e), rel[i], 1e-4,
                    e.get("method").asText());
        }
        assertEquals("mean", ex.get(1).get("parameters").get("head_fusion").asText());
        assertEquals(4, report.get("agreement").get(0).get("methods").size());

        BufferedImage panel = ImageIO.read(out.resolve("vit-a.png").toFile());
        assertEquals(5 * 224 + 6 * 8, panel.getWidth(), "input + 4 tiles of 224 px and 6 gaps");
    }

    @Test
    void explainsAFolderByModelNameWithTheSharedOptions() throws Exception {
        // four fixture images of two sizes (the ResNet ones are resized for the ViT)
        Path in = Files.createDirectories(tmp.resolve("in"));
        List<String> stems = List.of("vit-a", "vit-b", "resnet-a", "resnet-b");
        for (String stem : stems) {
            Files.copy(Fixtures.image(stem + ".png"), in.resolve(stem + ".png"));
        }
        Path out = tmp.resolve("folder");
        Run r = xai("explain", "--model", "vit-tiny", "--methods", "attention-rollout,cls-attention",
                "--head-fusion", "max", "--discard-ratio", "0.9", "--target", "square", "--colormap", "inferno",
                in.toString(), "-o", out.toString());
        assertEquals(0, r.exit, r.err);
        assertNoStackTrace(r);
        assertTrue(r.err.contains("explained 4 of 4 images"), r.err);
        for (String stem : stems) {
            assertTrue(Files.exists(out.resolve(stem + ".png")), stem + ".png");
            assertTrue(Files.exists(out.resolve(stem + ".json")), stem + ".json");
        }
        JsonNode b = JSON.readTree(out.resolve("vit-b.json").toFile());
        JsonNode rollout = b.get("explanations").get(0);
        assertEquals(0.9, rollout.get("parameters").get("discard_ratio").asDouble(), 0);
        assertEquals("max", rollout.get("parameters").get("head_fusion").asText());
        assertEquals("max", b.get("explanations").get(1).get("parameters").get("head_fusion").asText());
        Fixtures.assertClose(Fixtures.expected("vit-tiny-hf__vit-b__top", "rollout.max.discard90").data(),
                values(rollout), 1e-4, 1e-4, "rollout");
        assertEquals("square", rollout.get("targetLabel").asText());
    }

    @Test
    void invalidParameterIsOneLineAndExitCode2BeforeTheModelLoads() {
        Run r = xaiHere("explain", "--model", "vit-tiny", "--methods", "attention-rollout", "--discard-ratio", "1.5",
                Fixtures.image("vit-a.png").toString(), "--out", tmp.toString());
        assertEquals(2, r.exit, r.err);
        assertNoStackTrace(r);
        assertEquals(1, r.err.strip().lines().count(), r.err);
        assertTrue(r.err.contains("discard_ratio") && r.err.contains("out of range"), r.err);
    }

    @Test
    void predictPrintsTheTopClasses() throws Exception {
        Run r = xai("predict", "--model", "vit-tiny", "-k", "2", "--json", Fixtures.image("vit-a.png").toString());
        assertEquals(0, r.exit, r.err);
        JsonNode top = JSON.readTree(r.out).get(0).get("top");
        assertEquals(2, top.size());
        assertEquals("square", top.get(0).get("label").asText());
    }

    /** A DINOv2-style ViT (registers, LayerScale) run at 96 px: position embeddings resampled, maps on the 12×12 grid. */
    @Test
    void runsAViTAtTheInputSizeAsked() throws Exception {
        String dinov2 = Fixtures.model("dinov2-tiny-timm").toString();
        String fixture = "dinov2-tiny-timm__dinov2-b96__bottom";
        Path out = tmp.resolve("dinov2");
        Run r = xai("explain", "--model", dinov2, "--input-size", "96", "--methods", "cls-attention,chefer-relevance",
                "--target", "2", Fixtures.image("dinov2-b96.png").toString(), "--out", out.toString());
        assertEquals(0, r.exit, r.err);
        JsonNode ex = JSON.readTree(out.resolve("dinov2-b96.json").toFile()).get("explanations");
        assertEquals(12, ex.get(0).get("map").get("height").asInt());
        Fixtures.assertClose(Fixtures.expected(fixture, "cls_attention").data(), values(ex.get(0)), 1e-4, 0, "cls_attention");
        Fixtures.assertClose(Fixtures.expected(fixture, "chefer").data(), values(ex.get(1)), 1e-3, 0, "chefer");

        Run predict = xai("predict", "--model", dinov2, "--json", Fixtures.image("dinov2-a.png").toString());
        assertEquals(0, predict.exit, predict.err);
        JsonNode top = JSON.readTree(predict.out).get(0).get("top").get(0);
        assertEquals(1, top.get("index").asInt());
        assertEquals(Fixtures.expected("dinov2-tiny-timm__dinov2-a__top", "logits").data()[1], top.get("logit").asDouble(), 1e-4);

        Run bad = xai("predict", "--model", dinov2, "--input-size", "100", Fixtures.image("dinov2-a.png").toString());
        assertEquals(1, bad.exit, bad.err);
        assertNoStackTrace(bad);
        assertEquals(1, bad.err.strip().lines().count(), bad.err);
        assertTrue(bad.err.contains("input size 100 is not a multiple of the patch size 8"), bad.err);
    }

    @Test
    void badInputIsOneLineWithoutAStackTrace() throws IOException {
        Run missing = xaiHere("explain", "--model", "vit-tiny", "no-such.png", "--out", tmp.toString());
        assertEquals(1, missing.exit);
        assertEquals("xai explain: no such file or folder: no-such.png", missing.err.strip());
        assertNoStackTrace(missing);

        Files.writeString(tmp.resolve("a.png"), "not really");
        Run unknown = xaiHere("explain", "--model", "no-such-model", tmp.resolve("a.png").toString(), "--out", tmp.toString());
        assertEquals(1, unknown.exit);
        assertTrue(unknown.err.startsWith("xai explain: --model 'no-such-model' is neither a checkpoint folder nor a known model"),
                unknown.err);

        Run usage = xaiHere("explain", "--methods", "grad-cam", "x.png");
        assertEquals(2, usage.exit);
        assertTrue(usage.err.contains("Missing required option: '--out=<dir>'"), usage.err);

        Run colormap = xaiHere("explain", "--colormap", "rainbow", tmp.resolve("a.png").toString(), "--out", tmp.toString());
        assertEquals(2, colormap.exit);
        assertTrue(colormap.err.contains("colormap 'rainbow'"), colormap.err);

        Run noCommand = xaiHere("frobnicate");
        assertEquals(2, noCommand.exit);
        assertNoStackTrace(noCommand);
    }

    @Test
    void evalRefusesAMethodThatDoesNotApplyBeforeScoring() throws Exception {
        // The scoring itself is tested end to end in the SDK (EvaluationTest) and on the shipped ResNet
        // (EmbeddedModelsTest); the fixture models have other classes than the generated scenes.
        Run bad = xaiHere("eval", "--model", Fixtures.model("vit-tiny-hf").toString(), "--methods", "cam", "--scenes", "2", "--two-object", "0");
        assertEquals(2, bad.exit, "cam does not apply to a ViT");
        assertNoStackTrace(bad);
        Run tolerance = xaiHere("eval", "--model", Fixtures.model("vit-tiny-hf").toString(), "--scenes", "2",
                "--two-object", "0", "--pointing-tolerance", "-3");
        assertEquals(2, tolerance.exit);
        assertTrue(tolerance.err.contains("--pointing-tolerance must be a finite number of pixels ≥ 0, got -3.0"), tolerance.err);
        assertNoStackTrace(tolerance);
    }

    @Test
    void evalMetricsWritesTheReportAndNamesUnknownMetrics() throws Exception {
        Run unknown = xaiHere("eval", "--model", Fixtures.model("vit-tiny-hf").toString(), "--metrics", "road,faithfulness");
        assertEquals(2, unknown.exit);
        assertTrue(unknown.err.contains("--metrics: unknown metric 'faithfulness'; known: perturbation, road, morf-lerf, mprt"),
                unknown.err);
        assertNoStackTrace(unknown);
        Path out = tmp.resolve("metrics");
        Run r = xai("eval", "--model", "vit-tiny", "--methods", "attention-rollout,grad-cam", "--metrics",
                "perturbation,sparseness,relevance-rank", "--scenes", "2", "--two-object", "0", "--out", out.toString(),
                "--seed", "2"); // scenes of classes 1 and 0: the fixture model has 5 classes, the scenes 6
        assertEquals(0, r.exit, r.err);
        String md = Files.readString(out.resolve("eval.md"));
        assertTrue(md.contains("2 single-object samples") && md.contains("| attention-rollout |") && md.contains("relevance rank"), md);
        assertEquals("model,method,images,perturbation_positive_auc,perturbation_negative_auc,perturbation_positive_target_auc,"
                + "perturbation_negative_target_auc,sparseness,relevance_rank,mprt_pass_rate",
                Files.readString(out.resolve("eval.csv")).lines().findFirst().orElseThrow());
        assertEquals(2, new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("eval.json").toFile()).get("images").size());
    }

    @Test
    void scenesWritesImagesMasksAndLabels() throws Exception {
        Path out = tmp.resolve("scenes");
        Run r = xaiHere("scenes", "-n", "3", "--size", "64", "--out", out.toString());
        assertEquals(0, r.exit, r.err);
        try (var images = java.nio.file.Files.list(out.resolve("images")); var masks = java.nio.file.Files.list(out.resolve("masks"))) {
            assertEquals(3, images.count());
            assertEquals(3, masks.count());
        }
        assertEquals(4, java.nio.file.Files.readAllLines(out.resolve("labels.csv")).size());
    }

    @Test
    void trainRefusesBadArguments() {
        Run arch = xaiHere("train", "transformer", "--out", tmp.resolve("t").toString());
        assertEquals(2, arch.exit);
        assertTrue(arch.err.contains("vit or resnet"), arch.err);
        assertNoStackTrace(arch);
        Run noOut = xaiHere("train", "vit");
        assertEquals(2, noOut.exit);
        Run widenFresh = xaiHere("train", "vit", "--out", tmp.resolve("w").toString(), "--widen", "2");
        assertEquals(2, widenFresh.exit);
        assertTrue(widenFresh.err.contains("only a ViT continued from a checkpoint can be grown wider or deeper"), widenFresh.err);
        assertNoStackTrace(widenFresh);
        Run deepenFresh = xaiHere("train", "vit", "--out", tmp.resolve("w").toString(), "--deepen", "2");
        assertEquals(2, deepenFresh.exit);
        assertTrue(deepenFresh.err.contains("only a ViT continued from a checkpoint can be grown wider or deeper"), deepenFresh.err);
        Run negative = xaiHere("train", "vit", "--out", tmp.resolve("w").toString(), "--deepen", "-1");
        assertEquals(2, negative.exit);
        assertTrue(negative.err.contains("added blocks must not be negative, got -1"), negative.err);
        assertNoStackTrace(negative);
        Run weightAlone = xaiHere("train", "vit", "--out", tmp.resolve("d").toString(), "--distillation-weight", "0.5");
        assertEquals(2, weightAlone.exit);
        assertTrue(weightAlone.err.contains("--distillation-weight needs --teacher"), weightAlone.err);
        Run noTeacher = xaiHere("train", "vit", "--out", tmp.resolve("d").toString(), "--teacher", tmp.resolve("none").toString());
        assertEquals(2, noTeacher.exit);
        assertTrue(noTeacher.err.contains("is not a checkpoint folder"), noTeacher.err);
        Run badWeight = xaiHere("train", "vit", "--out", tmp.resolve("d").toString(), "--teacher",
                Fixtures.model("vit-tiny-hf").toString(), "--distillation-weight", "1.5");
        assertEquals(2, badWeight.exit);
        assertTrue(badWeight.err.contains("(0, 1]"), badWeight.err);
        assertNoStackTrace(badWeight);
        Run otherClasses = xaiHere("train", "vit", "--out", tmp.resolve("d").toString(), "--steps", "1", "--teacher",
                Fixtures.model("vit-tiny-hf").toString());
        assertTrue(otherClasses.exit != 0, "a teacher of other classes is refused");
        assertTrue(otherClasses.err.contains("a teacher needs the same classes in the same order"), otherClasses.err);
        assertNoStackTrace(otherClasses);
    }

    @Test
    void modelsListsTheEmbeddedDefaults() {
        Run r = xaiHere("models", "--no-load");
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("Models (default: vit-shapes)"), r.out);
        assertTrue(r.out.contains("vit-shapes") && r.out.contains("resnet-shapes"), "the embedded models\n" + r.out);
        assertTrue(r.out.contains("vit-tiny") && r.out.contains("resnet-tiny"), "the configured fixtures\n" + r.out);
        assertTrue(r.out.contains("attention-rollout") && r.out.contains("discard_ratio"), r.out);
    }

    @Test
    void leavesNothingInTheTempFolder() throws Exception {
        // the embedded models are unpacked to a temporary folder for the loaders; it must go at exit
        Path temp = Files.createDirectories(tmp.resolve("temp"));
        Run r = xaiWithTemp(temp, "models", "--no-load");
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("vit-shapes"), r.out);
        try (var left = Files.list(temp)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void everyCommandsHelpFormatsWithoutWarnings() {
        // picocli formats descriptions with String.format: a bare '%' makes it warn on stderr and print the raw text
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String c : List.of("predict", "explain", "eval", "train", "models", "serve", "scenes", "anatomy")) {
                Run r = xaiHere(c, "--help");
                assertEquals(0, r.exit, c + ": " + r.err);
                assertFalse(r.out.contains("%n"), c + " help shows a raw format string:\n" + r.out);
            }
        } finally {
            System.setErr(stderr);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("WARN"), "picocli warned:\n" + warnings);
    }

    @Test
    void helpListsTheCommands() {
        Run r = xaiHere("--help");
        assertEquals(0, r.exit);
        for (String c : List.of("predict", "explain", "eval", "train", "models", "serve")) {
            assertTrue(r.out.contains(c), c + " missing from\n" + r.out);
        }
    }
}
