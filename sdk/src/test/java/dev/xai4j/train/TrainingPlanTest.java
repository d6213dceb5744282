package dev.xai4j.train;

import dev.xai4j.model.LossWeights;

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
    void onlyAContinuedViTCanBeWidened() {
        TrainingPlan vit = TrainingPlan.of("vit", Path.of("o"), 10, 4, null);
        assertThrows(IllegalArgumentException.class, () -> new TrainingPlan(vit.vit(), null, 10, 4, 1e-4, 0, 1, 2, 0,
                Path.of("o"), 0, null, LossWeights.NONE, 2, null));
        TrainingPlan widened = new TrainingPlan(vit.vit(), null, 10, 4, 1e-4, 0, 1, 2, 0, Path.of("o"), 0, Path.of("c"), LossWeights.NONE, 2, null);
        assertEquals(2, widened.widthFactor());
    }

    @Test
    void theValueClsMlpAndObjectAttentionLossesNeedAViT() {
        assertThrows(IllegalArgumentException.class, () -> new LossWeights(0, 0.5, 0), "targets come from the dense labels");
        assertThrows(IllegalArgumentException.class, () -> new LossWeights(0, 0, 0, 1), "targets come from the dense labels");
        assertThrows(IllegalArgumentException.class, () -> new LossWeights(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LossWeights(1, 0, 0, Double.NaN));
        TrainingPlan resnet = TrainingPlan.of("resnet", Path.of("o"), 10, 4, null);
        assertThrows(IllegalArgumentException.class, () -> new TrainingPlan(null, resnet.resnet(), 10, 4, 1e-4, 0, 1, 2, 0,
                Path.of("o"), 0, null, new LossWeights(1, 0.5, 0), 1, null));
        assertThrows(IllegalArgumentException.class, () -> new TrainingPlan(null, resnet.resnet(), 10, 4, 1e-4, 0, 1, 2, 0,
                Path.of("o"), 0, null, new LossWeights(0, 0, 1), 1, null));
        assertThrows(IllegalArgumentException.class, () -> new TrainingPlan(null, resnet.resnet(), 10, 4, 1e-4, 0, 1, 2, 0,
                Path.of("o"), 0, null, new LossWeights(1, 0, 0, 1), 1, null));
        TrainingPlan vit = TrainingPlan.of("vit", Path.of("o"), 10, 4, null);
        assertEquals(0.5, new TrainingPlan(vit.vit(), null, 10, 4, 1e-4, 0, 1, 2, 0, Path.of("o"), 0, null,
                new LossWeights(1, 0.5, 0), 1, null).losses().valueEvidence(), 0);
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
