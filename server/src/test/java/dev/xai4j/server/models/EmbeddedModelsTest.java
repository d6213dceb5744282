package dev.xai4j.server.models;

import dev.xai4j.eval.Evaluation;
import dev.xai4j.eval.EvaluationSet;
import dev.xai4j.eval.EvaluationTable;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.model.Architecture;
import dev.xai4j.model.CheckpointFormat;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped default models, loaded like user checkpoints, on freshly generated scenes (a seed used
 * neither in training nor in the training run's own test): accuracy and what their explanations
 * must get right (CI-sized: 60 single-object and 30 two-object scenes). The ResNet runs with one
 * native thread per op, as the server does.
 */
class EmbeddedModelsTest {

    @Test
    void defaultResNetClassifiesAndItsGradCamFindsTheObject() {
        Map<String, Path> embedded = EmbeddedModels.extract();
        try (VisionModel m = VisionModel.load(embedded.get("resnet-shapes"))) {
            assertEquals(Architecture.RESNET, m.info().architecture());
            assertEquals(CheckpointFormat.TORCHVISION_RESNET, m.info().format());
            assertEquals(224, m.info().inputHeight());
            EvaluationTable t = new Evaluation().run(m, EvaluationSet.generated(20261121, 224, 60, 30),
                    List.of(MethodRequest.of("grad-cam")));
            assertTrue(t.accuracy() >= 0.97, "accuracy " + t.accuracy());
            var gradCam = t.row("grad-cam");
            // Localisation beats chance by far, but not yet the 80 % (measured 0.47 pointing game and
            // 0.33 class discrimination on this set): the model leans on context; tracked in the default-models issue.
            assertTrue(gradCam.pointingGame() > 2 * t.baseline().pointingGame(), "pointing game " + gradCam.pointingGame());
            assertTrue(gradCam.deletionAuc() < t.baseline().deletionAuc(),
                    "deletion AUC " + gradCam.deletionAuc() + " vs random " + t.baseline().deletionAuc());
        }
    }
}
