package dev.xai4j.eval;

import dev.xai4j.data.Mask;
import dev.xai4j.data.SceneGenerator;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.Target;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.ResNetConfig;
import dev.xai4j.model.ViTConfig;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every metric end to end on small random-weight models: what comes back, in range, and its errors. */
class ExplanationMetricsTest {

    private static VisionModel vit;
    private static VisionModel resnet;

    @BeforeAll
    static void load() {
        vit = VisionModel.random(new ViTConfig(32, 8, 16, 2, 2, 32, 3, 1e-6, false, 0, false), 5);
        resnet = VisionModel.random(new ResNetConfig(false, new int[]{1, 1}, new int[]{8, 16}, 8, 3, 32), 5);
    }

    @AfterAll
    static void close() {
        vit.close();
        resnet.close();
    }

    private static List<MetricInput> inputs(int n) {
        List<MetricInput> out = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int i = 0; i < n; i++) {
            byte[] rgb = new byte[3 * 32 * 32];
            for (int k = 0; k < rgb.length; k++) {
                rgb[k] = (byte) r.nextInt(256);
            }
            boolean[] m = new boolean[32 * 32];
            for (int p = 0; p < m.length; p++) {
                m[p] = p % 32 < 12 && p / 32 < 16;
            }
            out.add(new MetricInput("img" + i, new RgbImage(32, 32, rgb), i == 0 ? Target.top() : Target.index(i % 3),
                    new Mask(32, 32, m)));
        }
        return out;
    }

    @Test
    void everyMetricComesBackInRangeOnAViT() {
        List<MethodRequest> methods = List.of(MethodRequest.of("grad-cam"), MethodRequest.of("attention-rollout"));
        List<int[]> progress = new ArrayList<>();
        List<ImageMetrics> result = new ExplanationMetrics().evaluate(vit, inputs(3), methods, EnumSet.allOf(Metric.class),
                (done, total) -> progress.add(new int[]{done, total}));
        assertEquals(3, result.size());
        // groups: norm+head, blocks.1, blocks.0, patch_embed+cls_token+pos_embed
        int steps = 4;
        assertEquals(3 * (1 + steps), progress.get(progress.size() - 1)[0]);
        assertEquals(3 * (1 + steps), progress.get(progress.size() - 1)[1]);
        for (ImageMetrics img : result) {
            assertEquals(2, img.methods().size());
            for (MethodMetrics m : img.methods()) {
                Map<String, Double> v = m.values();
                for (String k : List.of("perturbation_positive_auc", "perturbation_negative_auc",
                        "perturbation_positive_target_auc", "perturbation_negative_target_auc")) {
                    assertTrue(v.get(k) >= 0 && v.get(k) <= 90, k + " " + v.get(k));
                }
                assertEquals(1, m.curves().get("perturbation_positive").y()[0], 0, "the unperturbed image keeps its prediction");
                assertEquals(10, m.curves().get("road_morf").y().length);
                assertTrue(v.get("road_morf_area") >= 0 && v.get("road_morf_area") <= 0.9);
                assertEquals(m.curves().get("road_lerf_logit").area() - m.curves().get("road_morf_logit").area(),
                        v.get("morf_lerf_logit"), 1e-12);
                assertTrue(v.get("sparseness") >= 0 && v.get("sparseness") < 1);
                assertTrue(v.get("complexity") >= 0 && v.get("complexity") <= Math.log(16) + 1e-9, "4 × 4 patch grid");
                assertTrue(v.get("max_sensitivity") >= 0);
                assertTrue(v.get("relevance_mass") >= 0 && v.get("relevance_mass") <= 1);
                assertTrue(v.get("relevance_rank") >= 0 && v.get("relevance_rank") <= 1);
                int other = v.get("random_logit_class").intValue();
                assertTrue(other != m.target() && other >= 0 && other < 3);
                assertEquals(List.of("norm+head", "blocks.1", "blocks.0", "patch_embed+cls_token+pos_embed"),
                        m.randomisation().stream().map(RandomisationStep::layers).toList());
                assertEquals(m.randomisation().get(steps - 1).spearman(), v.get("mprt_spearman"), 0);
                assertNotNull(m.sanityPassed());
            }
        }
        assertEquals(1, result.get(1).method("grad-cam").target(), "explicit target");
        assertEquals(result.get(0).predicted(), result.get(0).method("grad-cam").target(), "top target");
    }

    @Test
    void attentionRolloutIgnoresTheClassAndGradCamDoesNot() {
        List<MethodRequest> methods = List.of(MethodRequest.of("grad-cam"), MethodRequest.of("attention-rollout"));
        List<ImageMetrics> result = new ExplanationMetrics().evaluate(vit, inputs(2), methods, Set.of(Metric.RANDOM_LOGIT));
        for (ImageMetrics img : result) {
            // rollout does not look at the class: the same map for any class
            assertEquals(1, img.method("attention-rollout").value("random_logit_spearman"), 1e-9);
            assertEquals(1, img.method("attention-rollout").value("random_logit_ssim"), 1e-9);
            assertTrue(img.method("grad-cam").value("random_logit_spearman") < 0.999);
        }
    }

    @Test
    void resnetRandomisationCascadesFromTheClassifierToTheStem() {
        List<ImageMetrics> result = new ExplanationMetrics().evaluate(resnet, inputs(1), List.of(MethodRequest.of("grad-cam")),
                Set.of(Metric.MPRT, Metric.PERTURBATION));
        MethodMetrics m = result.get(0).method("grad-cam");
        assertEquals(List.of("fc", "layer2.0", "layer1.0", "conv1+bn1"),
                m.randomisation().stream().map(RandomisationStep::layers).toList());
        assertEquals(Set.of("perturbation_positive_auc", "perturbation_negative_auc", "perturbation_positive_target_auc",
                "perturbation_negative_target_auc", "mprt_spearman", "mprt_ssim"), m.values().keySet());
    }

    @Test
    void patchGranularityAndRemovalValuesRun() {
        MetricOptions o = MetricOptions.DEFAULTS.withPatchSize(8).withRemoval(RemovalValue.MEAN);
        List<ImageMetrics> r = new ExplanationMetrics(new dev.xai4j.explain.ExplanationEngine(), o)
                .evaluate(vit, inputs(1), List.of(MethodRequest.of("gradient")), Set.of(Metric.PERTURBATION));
        double[] y = r.get(0).method("gradient").curves().get("perturbation_positive").y();
        assertEquals(10, y.length);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExplanationMetrics(
                new dev.xai4j.explain.ExplanationEngine(), MetricOptions.DEFAULTS.withPatchSize(5))
                .evaluate(vit, inputs(1), List.of(MethodRequest.of("gradient")), Set.of(Metric.PERTURBATION)));
        assertTrue(e.getMessage().contains("patch size 5"), e.getMessage());
    }

    @Test
    void localisationNeedsAMaskAndTopKIsRefused() {
        RgbImage img = new SceneGenerator(3, 32).scene(1).image();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ExplanationMetrics()
                .evaluate(vit, List.of(MetricInput.of("plain", img)), List.of(MethodRequest.of("gradient")),
                        Set.of(Metric.RELEVANCE_RANK)));
        assertTrue(e.getMessage().contains("relevance-rank needs an object mask") && e.getMessage().contains("plain"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExplanationMetrics().evaluate(vit,
                List.of(new MetricInput("k", img, Target.topK(2), null)), List.of(MethodRequest.of("gradient")),
                Set.of(Metric.SPARSENESS)));
    }
}
