package dev.xai4j.train;

import dev.xai4j.data.SceneGenerator;
import dev.xai4j.image.Preprocessing;
import dev.xai4j.model.CheckpointFormat;
import dev.xai4j.model.ResNetConfig;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.TrainableModel;
import dev.xai4j.model.ViTConfig;
import dev.xai4j.model.VisionModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.schedule.FixedSchedule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training graphs learn, and what they save loads back through the ordinary loaders unchanged. */
class TrainableModelTest {

    @TempDir
    Path dir;

    private static Tensor batch(SceneGenerator g, int n, Preprocessing pre, int[] labels) {
        List<dev.xai4j.image.RgbImage> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(g.scene(i).image());
            labels[i] = g.scene(i).label();
        }
        return pre.batch(images);
    }

    private void trainSaveAndReload(TrainableModel m, int size, Preprocessing pre, CheckpointFormat format) {
        int[] labels = new int[8];
        Tensor x = batch(new SceneGenerator(3, size), 8, pre, labels);
        double before = m.loss(x, labels);
        for (int s = 0; s < 25; s++) {
            m.step(x, labels);
        }
        double after = m.loss(x, labels);
        assertTrue(after < 0.5 * before, "fits a fixed batch: loss " + before + " → " + after);
        m.calibrateBatchNorm(List.of(x));
        Path out = dir.resolve(format.name());
        m.save(out, dev.xai4j.data.Shape.labels(), pre);
        Map<String, Tensor> saved = m.parameters();
        try (VisionModel loaded = VisionModel.load(out)) {
            assertEquals(format, loaded.info().format());
            assertEquals("triangle", loaded.info().labels().get(2));
            assertEquals(pre, loaded.preprocessing());
            for (String name : loaded.parameterNames()) {
                assertArrayEquals(saved.get(name).data(), loaded.parameter(name).data(), 0f, name);
            }
        }
    }

    @Test
    void vitSavesInHuggingFaceLayout() {
        ViTConfig c = new ViTConfig(32, 8, 32, 2, 2, 64, 6, 1e-12, false, 0, false);
        Preprocessing pre = new Preprocessing(32, 32, dev.xai4j.image.Interpolation.BILINEAR, 1.0, false,
                new float[]{0.5f, 0.5f, 0.5f}, new float[]{0.5f, 0.5f, 0.5f});
        trainSaveAndReload(TrainableModel.vit(c, 1, new FixedSchedule(2e-3), 0.0), 32, pre, CheckpointFormat.HUGGING_FACE_VIT);
    }

    @Test
    void resnetSavesInTorchvisionLayoutWithRunningStatistics() {
        ResNetConfig c = new ResNetConfig(false, new int[]{1, 1}, new int[]{8, 16}, 8, 6, 64);
        Preprocessing pre = new Preprocessing(64, 64, dev.xai4j.image.Interpolation.BILINEAR, 1.0, true,
                Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD);
        TrainableModel m = TrainableModel.resnet(c, 1, new FixedSchedule(5e-3), 0.0);
        trainSaveAndReload(m, 64, pre, CheckpointFormat.TORCHVISION_RESNET);
        assertTrue(m.parameters().containsKey("layer2.0.bn2.running_var"));
    }
}
