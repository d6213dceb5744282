package dev.xai4j.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xai4j.Fixtures;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.ParameterException;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness end to end on the fixture models (5 classes that are not the scene classes, so the
 * numbers mean nothing; the mechanics are what is checked): 6 single-object and 4 two-object scenes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EvaluationTest {

    private VisionModel vit;
    private VisionModel resnet;

    @BeforeAll
    void load() {
        vit = VisionModel.load(Fixtures.model("vit-tiny-hf"));
        resnet = VisionModel.load(Fixtures.model("resnet-tiny-basic"));
    }

    @AfterAll
    void close() {
        vit.close();
        resnet.close();
    }

    /** Generated scenes of a size, their 6 shape classes folded onto the fixture's 5. */
    private static EvaluationSet scenes(int size, int classes) {
        EvaluationSet g = EvaluationSet.generated(11, size, 6, 4);
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
            Sample s = g.get(i);
            out.add(new Sample(s.name(), s.image(), s.objects().stream()
                    .map(o -> new Sample.LabeledMask(o.label() % classes, o.mask())).toList()));
        }
        return EvaluationSet.of("folded " + g.name(), out);
    }

    private static List<MethodRequest> methods(String... ids) {
        return java.util.Arrays.stream(ids).map(MethodRequest::of).toList();
    }

    @Test
    void vitTableHasOneRowPerMethodPlusTheBaselineWithValuesInRange() {
        List<int[]> progress = new ArrayList<>();
        EvaluationTable t = new Evaluation().run(vit, scenes(64, 5),
                methods("cls-attention", "grad-cam", "chefer-relevance"), (done, total) -> progress.add(new int[]{done, total}));
        checkTable(t, List.of("cls-attention", "grad-cam", "chefer-relevance"));
        assertEquals(64.0 * 10 / 224, t.blurSigma(), 1e-12, "σ = 10 px at 224, scaled");
        // progress counts whole samples, never goes back, and ends at the set's size
        int last = 0;
        for (int[] p : progress) {
            assertEquals(10, p[1]);
            assertTrue(p[0] >= last);
            last = p[0];
        }
        assertEquals(10, last);
    }

    @Test
    void resnetOnSmallerScenesResizesImagesAndMasksAndBatchesTheScoring() {
        // 96-pixel scenes for a 128-pixel model: images and masks go through the model's resize
        EvaluationSet set = scenes(96, 5);
        long before = resnet.forwardPasses();
        EvaluationTable t = new Evaluation(new dev.xai4j.explain.ExplanationEngine(), EvaluationOptions.DEFAULTS.withBatchSize(4))
                .run(resnet, set, methods("grad-cam", "gradient"));
        checkTable(t, List.of("grad-cam", "gradient"));
        // 6 single-object samples × 3 rows = 18 curve pairs: scored 4 maps per pass, not one pass per map
        long passes = resnet.forwardPasses() - before;
        assertTrue(passes < 18, "forward passes " + passes);
    }

    @Test
    void resultsDoNotDependOnBatching() {
        EvaluationSet set = scenes(64, 5);
        List<MethodRequest> m = methods("grad-cam", "attention-rollout");
        EvaluationTable a = new Evaluation().run(vit, set, m);
        EvaluationTable b = new Evaluation(new dev.xai4j.explain.ExplanationEngine(),
                EvaluationOptions.DEFAULTS.withBatchSize(3).withScoringBatch(22)).run(vit, set, m);
        assertEquals(a.accuracy(), b.accuracy());
        for (int r = 0; r < a.rows().size(); r++) {
            MetricRow x = a.rows().get(r);
            MetricRow y = b.rows().get(r);
            for (Function<MetricRow, Double> f : List.<Function<MetricRow, Double>>of(MetricRow::pointingGame,
                    MetricRow::energyPointingGame, MetricRow::iouTop15, MetricRow::classDiscrimination)) {
                assertEquals(f.apply(x), f.apply(y), 1e-9, x.method());
            }
            // batched forward passes may differ in the last float bits
            assertEquals(x.deletionAuc(), y.deletionAuc(), 1e-4, x.method());
            assertEquals(x.insertionAuc(), y.insertionAuc(), 1e-4, x.method());
        }
    }

    @Test
    void pointingToleranceWidensOnlyThePointingGameAndClassDiscrimination() {
        EvaluationSet set = scenes(64, 5);
        List<MethodRequest> m = methods("attention-rollout");
        EvaluationTable strict = new Evaluation().run(vit, set, m);
        // 100 px reaches every pixel of a 64-pixel scene from any object
        EvaluationTable wide = new Evaluation(new dev.xai4j.explain.ExplanationEngine(),
                EvaluationOptions.DEFAULTS.withPointingTolerance(100)).run(vit, set, m);
        assertEquals(0, strict.pointingTolerance());
        assertEquals(100, wide.pointingTolerance());
        assertTrue(wide.toMarkdown().contains("within 100 px of its object"), wide.toMarkdown());
        for (int r = 0; r < strict.rows().size(); r++) {
            MetricRow x = strict.rows().get(r);
            MetricRow y = wide.rows().get(r);
            assertTrue(x.pointingGame() < 1, x.method() + ": the strict pointing game must miss somewhere for this test to mean anything");
            assertEquals(1.0, y.pointingGame(), 1e-12, y.method());
            assertTrue(y.classDiscrimination() >= x.classDiscrimination(), y.method());
            assertEquals(x.energyPointingGame(), y.energyPointingGame(), 1e-12, x.method());
            assertEquals(x.iouTop15(), y.iouTop15(), 1e-12, x.method());
            assertEquals(x.deletionAuc(), y.deletionAuc(), 1e-9, x.method());
        }
        assertThrows(IllegalArgumentException.class, () -> EvaluationOptions.DEFAULTS.withPointingTolerance(-1));
    }

    @Test
    void allObjectsNamedIsTheShareOfMultiObjectScenesWhoseClassesAreTheModelsBest() {
        EvaluationSet set = scenes(64, 5);
        EvaluationTable t = new Evaluation().run(vit, set, methods("cls-attention"));
        // counted here from plain forward passes, apart from the harness's grouped, batched trials
        int multi = 0;
        int named = 0;
        for (int i = 0; i < set.size(); i++) {
            Sample s = set.get(i);
            if (s.singleObject()) {
                continue;
            }
            multi++;
            float[] logits = vit.run(PassRequest.forward(vit.preprocessing().batch(List.of(s.image())), Set.of()))
                    .logits().data();
            Set<Integer> classes = new HashSet<>();
            s.objects().forEach(o -> classes.add(o.label()));
            // every named class must out-score every class not named
            float weakestNamed = Float.MAX_VALUE;
            float bestOther = -Float.MAX_VALUE;
            for (int c = 0; c < logits.length; c++) {
                if (classes.contains(c)) {
                    weakestNamed = Math.min(weakestNamed, logits[c]);
                } else {
                    bestOther = Math.max(bestOther, logits[c]);
                }
            }
            named += weakestNamed > bestOther ? 1 : 0;
        }
        assertEquals(4, multi);
        assertEquals((double) named / multi, t.allObjectsNamed(), 1e-12);
        assertNull(new Evaluation().run(vit, EvaluationSet.generated(11, 64, 2, 0), methods("cls-attention"))
                .allObjectsNamed(), "no multi-object samples: no share");
    }

    @Test
    void accuracyAloneIsTheTopOneShareOfSingleObjectSamplesWhateverTheBatch() {
        EvaluationSet set = scenes(64, 5);
        int single = 0;
        int right = 0;
        for (int i = 0; i < set.size(); i++) {
            Sample s = set.get(i);
            if (s.singleObject()) {
                single++;
                right += vit.predict(s.image(), 1).best().index() == s.label() ? 1 : 0;
            }
        }
        assertEquals(6, single);
        double expected = (double) right / single;
        assertEquals(expected, new Evaluation().accuracy(vit, set), 1e-12);
        // batches of 22 split the 6 single-object samples unevenly around the two-object ones: same count
        assertEquals(expected, new Evaluation(new dev.xai4j.explain.ExplanationEngine(),
                EvaluationOptions.DEFAULTS.withScoringBatch(22)).accuracy(vit, set), 1e-12);
        assertEquals(new Evaluation().run(vit, set, methods("cls-attention")).accuracy(),
                new Evaluation().accuracy(vit, set), 1e-12, "the table's accuracy, from the explaining passes");
        var onlyPairs = assertThrows(IllegalArgumentException.class,
                () -> new Evaluation().accuracy(vit, EvaluationSet.generated(11, 64, 0, 3)));
        assertTrue(onlyPairs.getMessage().contains("no single-object sample"), onlyPairs.getMessage());
        // unfolded scene labels reach class 5, outside the fixture's 5 classes
        var outOfRange = assertThrows(IllegalArgumentException.class,
                () -> new Evaluation().accuracy(vit, EvaluationSet.generated(11, 64, 12, 0)));
        assertTrue(outOfRange.getMessage().contains("out of range"), outOfRange.getMessage());
    }

    @Test
    void badRequestsFailBeforeAnyWork() {
        EvaluationSet set = scenes(64, 5);
        Evaluation e = new Evaluation();
        assertThrows(ParameterException.class, () -> e.run(resnet, scenes(128, 5), methods("chefer-relevance")),
                "a ViT-only method on a ResNet");
        assertThrows(IllegalArgumentException.class, () -> e.run(vit, set, methods("grad-cam", "grad-cam")));
        // unfolded scene labels reach class 5, outside the fixture's 5 classes
        assertThrows(IllegalArgumentException.class, () -> e.run(vit, EvaluationSet.generated(11, 64, 12, 0),
                methods("grad-cam")));
    }

    @Test
    void rowNamesCarryExplicitParameters() {
        assertEquals("grad-cam", Evaluation.rowName(MethodRequest.of("grad-cam")));
        assertEquals("integrated-gradients(baseline=blur, steps=16)",
                Evaluation.rowName(MethodRequest.of("integrated-gradients", "steps", 16, "baseline", "blur")));
    }

    private static void checkTable(EvaluationTable t, List<String> methods) {
        assertEquals(6, t.singleObjectSamples());
        assertEquals(4, t.multiObjectSamples());
        assertEquals(methods.size() + 1, t.rows().size());
        for (int i = 0; i < methods.size(); i++) {
            assertEquals(methods.get(i), t.rows().get(i).method());
        }
        MetricRow base = t.baseline();
        assertEquals(Evaluation.RANDOM, base.method());
        assertEquals(base, t.rows().get(methods.size()));
        assertNull(base.msPerImage());
        assertInUnit(t.accuracy(), "accuracy");
        assertInUnit(t.allObjectsNamed(), "all objects named");
        for (MetricRow r : t.rows()) {
            for (Double v : List.of(r.pointingGame(), r.energyPointingGame(), r.iouTop15(), r.classDiscrimination(),
                    r.deletionAuc(), r.insertionAuc())) {
                assertInUnit(v, r.method());
            }
            if (!r.baseline()) {
                assertTrue(r.msPerImage() > 0, r.method() + " ms " + r.msPerImage());
            }
        }

        String md = t.toMarkdown();
        assertTrue(md.contains("| method | pointing game |"), md);
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "every object named on %.1f %% of them",
                100 * t.allObjectsNamed())), md);
        for (String m : methods) {
            assertTrue(md.contains("| " + m + " |"), md);
        }
        assertEquals(2 + t.rows().size(), md.lines().filter(l -> l.startsWith("|")).count(), md);

        List<String> csv = t.toCsv().lines().toList();
        assertEquals(1 + t.rows().size(), csv.size());
        int columns = csv.get(0).split(",", -1).length;
        assertEquals(13, columns, csv.get(0));
        csv.forEach(l -> assertEquals(columns, l.split(",", -1).length, l));

        try {
            JsonNode json = new ObjectMapper().readTree(t.toJson());
            assertEquals(t.rows().size(), json.get("rows").size());
            assertEquals(t.accuracy(), json.get("accuracy").asDouble(), 1e-12);
            assertEquals(t.allObjectsNamed(), json.get("all_objects_named").asDouble(), 1e-12);
            assertEquals(base.deletionAuc(), json.get("rows").get(methods.size()).get("deletion_auc").asDouble(), 1e-12);
            assertTrue(json.get("rows").get(methods.size()).get("ms_per_image").isNull());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertInUnit(Double v, String what) {
        assertNotNull(v, what);
        assertTrue(v >= 0 && v <= 1, what + " = " + v);
    }
}
