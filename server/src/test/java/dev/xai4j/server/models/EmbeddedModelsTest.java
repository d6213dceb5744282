package dev.xai4j.server.models;

import dev.xai4j.eval.Evaluation;
import dev.xai4j.eval.EvaluationSet;
import dev.xai4j.eval.EvaluationTable;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.model.CheckpointFormat;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped default models, loaded like user checkpoints, on freshly generated scenes of seeds used
 * neither in training nor in the training runs' own test (424242): accuracy on 1,000 scenes (the issue's
 * bar, one forward pass each) and what their explanations must get right (60 single-object and 30
 * two-object scenes, each explained).
 */
class EmbeddedModelsTest {

    private static final Map<String, Path> EMBEDDED = EmbeddedModels.extract();

    /**
     * Chosen before either model was scored on it. A 60-scene estimate of accuracy near 97 % is ± 2.2
     * points (one scene is 1.7): 1,000 scenes (± 0.5) tell a 97 % model from a 95 % one.
     */
    private static final long ACCURACY_SEED = 20261203;
    private static final long EXPLANATION_SEED = 20261121;

    @Test
    void defaultResNetClassifiesAndItsGradCamFindsTheObject() {
        try (VisionModel m = VisionModel.load(EMBEDDED.get("resnet-shapes"))) {
            assertEquals("ResNet", m.info().family());
            assertEquals(CheckpointFormat.TORCHVISION_RESNET.name(), m.info().format());
            assertEquals(224, m.info().inputHeight());
            // the bars (measured here: accuracy 0.988, pointing game 0.883, class discrimination 0.850)
            assertAccuracy(m, 0.97);
            assertExplanations(m, "grad-cam", 0.8, 0.8);
        }
    }

    @Test
    void defaultViTClassifiesAndItsRelevanceFindsTheObject() {
        try (VisionModel m = VisionModel.load(EMBEDDED.get("vit-shapes"))) {
            assertEquals("ViT", m.info().family());
            assertEquals(CheckpointFormat.HUGGING_FACE_VIT.name(), m.info().format());
            assertEquals(224, m.info().inputHeight());
            assertEquals(197, m.info().capabilities().tokens().orElseThrow().tokenCount(), "ViT-B/16's geometry: CLS + 14 × 14 patches");
            // the bars (measured here: accuracy 0.971, pointing game 0.933, class discrimination 0.900).
            // The ViT is at its bar, not above it: 96.9 % on the training run's own 1,000 test scenes.
            assertAccuracy(m, 0.97);
            assertExplanations(m, "chefer-relevance", 0.8, 0.8);
        }
    }

    /** Top-1 accuracy on 1,000 single-object scenes at least {@code bar}. */
    private static void assertAccuracy(VisionModel m, double bar) {
        double accuracy = new Evaluation().accuracy(m, EvaluationSet.generated(ACCURACY_SEED, 224, 1000, 0));
        assertTrue(accuracy >= bar, m.info().name() + " accuracy " + accuracy + " on 1,000 scenes");
    }

    /** Pointing game and class discrimination at least the given values, deletion AUC below a random map's. */
    private static void assertExplanations(VisionModel m, String method, double pointing, double discrimination) {
        EvaluationTable t = new Evaluation().run(m, EvaluationSet.generated(EXPLANATION_SEED, 224, 60, 30),
                List.of(MethodRequest.of(method)));
        var row = t.row(method);
        assertTrue(row.pointingGame() >= pointing, method + " pointing game " + row.pointingGame());
        assertTrue(row.classDiscrimination() >= discrimination, method + " class discrimination " + row.classDiscrimination());
        assertTrue(row.deletionAuc() < t.baseline().deletionAuc(),
                method + " deletion AUC " + row.deletionAuc() + " vs random " + t.baseline().deletionAuc());
    }
}
