package dev.xai4j.train;

import java.nio.file.Path;

/**
 * Knowledge distillation from a trained teacher (Hinton et al. 2015, soft targets at temperature 1;
 * DeiT's soft distillation, Touvron et al. 2021, without a distillation token): the teacher classifies
 * every training image exactly as the student sees it (same scene, same flip and brightness, the
 * teacher's own preprocessing), and the class loss's target becomes
 * t = (1 − α) · y + α · softmax(z<sub>teacher</sub>), so that
 * CE(t, p) = (1 − α) · CE(y, p) + α · CE(softmax(z<sub>teacher</sub>), p): the scene's labels plus
 * how alike the teacher finds the classes (a star drawn near a cross), which one-hot labels do not say.
 *
 * @param teacher checkpoint folder of a model over the same classes, in the same order
 * @param weight  α, in (0, 1]
 */
public record Distillation(Path teacher, double weight) {

    public Distillation {
        if (teacher == null) {
            throw new IllegalArgumentException("distillation needs a teacher checkpoint");
        }
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("the distillation weight must lie in (0, 1], got " + weight);
        }
    }
}
