package dev.xai4j.train;

import dev.xai4j.model.ViTConfig;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training plans' defaults and the combinations they refuse. */
class TrainingPlanTest {

    @Test
    void continuingATrainedModelDefaultsToATenthOfTheFreshLearningRate() {
        assertEquals(1e-3, TrainingPlan.of("vit", Path.of("o"), 10, 4, null).learningRate(), 1e-12);
        assertEquals(2e-3, TrainingPlan.of("resnet", Path.of("o"), 10, 4, null).learningRate(), 1e-12);
        assertEquals(1e-4, TrainingPlan.defaultLearningRate("vit", true), 1e-12);
        assertEquals(2e-4, TrainingPlan.defaultLearningRate("resnet", true), 1e-12);
        assertEquals(5e-5, TrainingPlan.of("vit", Path.of("o"), 10, 4, 5e-5).learningRate(), 1e-12, "a given rate wins");
        var e = assertThrows(IllegalArgumentException.class, () -> TrainingPlan.defaultLearningRate("vgg", true));
        assertTrue(e.getMessage().contains("vit or resnet"), e.getMessage());
    }

    @Test
    void onlyAContinuedViTCanBeGrown() {
        TrainingPlan vit = TrainingPlan.of("vit", Path.of("o"), 10, 4, null);
        assertThrows(IllegalArgumentException.class, () -> new TrainingPlan(vit.vit(), null, 10, 4, 1e-4, 0, 1, 2, 0,
                Path.of("o"), 0, null, LossWeights.NONE, new Growth(2, 0), null));
        assertThrows(IllegalArgumentException.class, () -> new TrainingPlan(vit.vit(), null, 10, 4, 1e-4, 0, 1, 2, 0,
                Path.of("o"), 0, null, LossWeights.NONE, new Growth(1, 2), null));
        TrainingPlan resnet = TrainingPlan.of("resnet", Path.of("o"), 10, 4, null);
        assertThrows(IllegalArgumentException.class, () -> new TrainingPlan(null, resnet.resnet(), 10, 4, 1e-4, 0, 1, 2, 0,
                Path.of("o"), 0, Path.of("c"), LossWeights.NONE, new Growth(1, 1), null));
        TrainingPlan grown = new TrainingPlan(vit.vit(), null, 10, 4, 1e-4, 0, 1, 2, 0, Path.of("o"), 0, Path.of("c"),
                LossWeights.NONE, new Growth(2, 1), null);
        assertEquals(new Growth(2, 1), grown.growth());
        assertEquals(new ViTConfig(224, 16, 192, 5, 4, 384, 6, 1e-12, false, 0, false), grown.growth().apply(vit.vit()));
        assertThrows(IllegalArgumentException.class, () -> new Growth(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Growth(1, -1));
    }

    @Test
    void theValueClsMlpAndObjectAttentionLossesNeedAViT() {
        assertThrows(IllegalArgumentException.class, () -> new LossWeights(0, 0.5, 0), "targets come from the dense labels");
        assertThrows(IllegalArgumentException.class, () -> new LossWeights(0, 0, 0, 1), "targets come from the dense labels");
        assertThrows(IllegalArgumentException.class, () -> new LossWeights(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LossWeights(1, 0, 0, Double.NaN));
        TrainingPlan resnet = TrainingPlan.of("resnet", Path.of("o"), 10, 4, null);
        assertThrows(IllegalArgumentException.class, () -> new TrainingPlan(null, resnet.resnet(), 10, 4, 1e-4, 0, 1, 2, 0,
                Path.of("o"), 0, null, new LossWeights(1, 0.5, 0), Growth.NONE, null));
        assertThrows(IllegalArgumentException.class, () -> new TrainingPlan(null, resnet.resnet(), 10, 4, 1e-4, 0, 1, 2, 0,
                Path.of("o"), 0, null, new LossWeights(0, 0, 1), Growth.NONE, null));
        assertThrows(IllegalArgumentException.class, () -> new TrainingPlan(null, resnet.resnet(), 10, 4, 1e-4, 0, 1, 2, 0,
                Path.of("o"), 0, null, new LossWeights(1, 0, 0, 1), Growth.NONE, null));
        TrainingPlan vit = TrainingPlan.of("vit", Path.of("o"), 10, 4, null);
        assertEquals(0.5, new TrainingPlan(vit.vit(), null, 10, 4, 1e-4, 0, 1, 2, 0, Path.of("o"), 0, null,
                new LossWeights(1, 0.5, 0), Growth.NONE, null).losses().valueEvidence(), 0);
    }

    @Test
    void distillationNeedsATeacherAndAWeightInZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new Distillation(null, 0.5));
        for (double w : new double[]{0, -0.1, 1.5, Double.NaN}) {
            var e = assertThrows(IllegalArgumentException.class, () -> new Distillation(Path.of("t"), w));
            assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
        }
        assertEquals(1, new Distillation(Path.of("t"), 1).weight(), 0);
    }
}
