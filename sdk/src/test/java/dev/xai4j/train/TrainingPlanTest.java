package dev.xai4j.train;

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
                Path.of("o"), 0, null, 0, 2));
        TrainingPlan widened = new TrainingPlan(vit.vit(), null, 10, 4, 1e-4, 0, 1, 2, 0, Path.of("o"), 0, Path.of("c"), 0, 2);
        assertEquals(2, widened.widthFactor());
    }
}
