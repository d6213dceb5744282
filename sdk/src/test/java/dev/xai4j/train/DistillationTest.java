package dev.xai4j.train;

import dev.xai4j.data.Scene;
import dev.xai4j.data.SceneGenerator;
import dev.xai4j.data.Shape;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.Preprocessing;
import dev.xai4j.model.Prediction;
import dev.xai4j.model.ViTConfig;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.schedule.FixedSchedule;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A teacher's softmax joins the class targets of a training batch, and a teacher of other classes is refused. */
class DistillationTest {

    @TempDir
    Path dir;

    private static final Preprocessing PRE = new Preprocessing(32, 32, Interpolation.BILINEAR, 1.0, false,
            new float[]{0.5f, 0.5f, 0.5f}, new float[]{0.5f, 0.5f, 0.5f});

    private Path teacher(String name, List<String> labels) {
        ViTConfig c = new ViTConfig(32, 8, 16, 2, 2, 32, labels.size(), 1e-6, false, 0, false);
        Path out = dir.resolve(name);
        TrainableModel.vit(c, 7, new FixedSchedule(1e-3), 0.0, LossWeights.NONE).save(out, labels, PRE);
        return out;
    }

    @Test
    void targetsAreTheLabelsMixedWithTheTeachersSoftmax() {
        double alpha = 0.3;
        Path checkpoint = teacher("t", Shape.labels());
        SceneGenerator g = new SceneGenerator(5, 64);
        int n = 3;
        int classes = Shape.values().length;
        Trainer.Teacher t = Trainer.Teacher.load(new Distillation(checkpoint, alpha));
        float[] mixed;
        try (VisionModel m = t.model()) {
            mixed = Trainer.batch(g, 0, n, PRE, -1, 0, 0, t).targets().data();
        }
        try (VisionModel m = VisionModel.load(checkpoint)) {
            double furthest = 0;
            for (int i = 0; i < n; i++) {
                Scene s = g.scene(i);
                double sum = 0;
                for (Prediction.ClassScore e : m.predict(s.image(), classes).top()) {
                    double label = e.index() == s.label() ? 1 : 0;
                    double expected = (1 - alpha) * label + alpha * e.probability();
                    assertEquals(expected, mixed[i * classes + e.index()], 1e-5, "scene " + i + ", " + e.label());
                    furthest = Math.max(furthest, Math.abs(e.probability() - 1.0 / classes));
                    sum += mixed[i * classes + e.index()];
                }
                assertEquals(1, sum, 1e-5, "still a distribution");
            }
            assertTrue(furthest > 1e-3, "the teacher's softmax is not uniform, so it is told apart from one: " + furthest);
        }
    }

    @Test
    void aTeacherOfOtherClassesIsRefused() {
        Path checkpoint = teacher("other", List.of("a", "b", "c", "d", "e", "f"));
        var e = assertThrows(IllegalArgumentException.class, () -> Trainer.Teacher.load(new Distillation(checkpoint, 0.5)));
        assertTrue(e.getMessage().contains("same classes"), e.getMessage());
    }
}
