package dev.xai4j.train;

import dev.xai4j.data.SceneGenerator;
import dev.xai4j.image.Preprocessing;
import dev.xai4j.model.CheckpointFormat;
import dev.xai4j.model.ResNetConfig;
import dev.xai4j.model.Tensor;
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

    private static final ViTConfig SMALL_VIT = new ViTConfig(32, 8, 32, 2, 2, 64, 6, 1e-12, false, 0, false);
    private static final Preprocessing SMALL_PRE = new Preprocessing(32, 32, dev.xai4j.image.Interpolation.BILINEAR, 1.0,
            false, new float[]{0.5f, 0.5f, 0.5f}, new float[]{0.5f, 0.5f, 0.5f});

    private static Tensor batch(SceneGenerator g, int n, Preprocessing pre, int[] labels) {
        List<dev.xai4j.image.RgbImage> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            images.add(g.scene(i).image());
            labels[i] = g.scene(i).label();
        }
        return pre.batch(images);
    }

    private static Tensor oneHot(int[] labels) {
        float[] v = new float[labels.length * 6];
        for (int i = 0; i < labels.length; i++) {
            v[i * 6 + labels[i]] = 1f;
        }
        return new Tensor(v, new long[]{labels.length, 6});
    }

    /** Dense-label targets of scenes 0…n−1 on the model's final grid. */
    private static Tensor denseTargets(SceneGenerator g, int n, TrainableModel m) {
        int grid = m.denseGrid();
        int p = grid * grid;
        float[] v = new float[n * p * 7];
        for (int i = 0; i < n; i++) {
            Trainer.patchTargets(g.scene(i), false, g.size() / grid, grid, 6, v, i * p * 7);
        }
        return new Tensor(v, new long[]{(long) n * p, 7});
    }

    private void trainSaveAndReload(TrainableModel m, int size, Preprocessing pre, CheckpointFormat format) {
        int[] labels = new int[8];
        SceneGenerator g = new SceneGenerator(3, size);
        Tensor x = batch(g, 8, pre, labels);
        Tensor tokens = m.denseLabels() ? denseTargets(g, 8, m) : null;
        double before = m.loss(x, labels);
        for (int s = 0; s < 25; s++) {
            m.step(x, oneHot(labels), tokens);
        }
        double after = m.loss(x, labels);
        // the class loss shares the steps with the dense labels, so it falls a little slower than alone
        assertTrue(after < 0.75 * before, "fits a fixed batch: loss " + before + " → " + after);
        m.calibrateBatchNorm(List.of(x));
        Path out = dir.resolve(format.name());
        m.save(out, dev.xai4j.data.Shape.labels(), pre);
        Map<String, Tensor> saved = m.parameters();
        try (VisionModel loaded = VisionModel.load(out)) {
            assertEquals(format.name(), loaded.info().format());
            assertEquals("triangle", loaded.info().labels().get(2));
            assertEquals(pre, loaded.preprocessing());
            for (String name : loaded.parameterNames()) {
                assertArrayEquals(saved.get(name).data(), loaded.parameter(name).data(), 0f, name);
            }
            // the same parameters must also mean the same function: the inference graph of the loaded
            // checkpoint reproduces the training graph's loss (batch norm calibrated on this very batch)
            float[] logits = loaded.run(dev.xai4j.model.PassRequest.forward(x, java.util.Set.of())).logits().data();
            double loss = 0;
            for (int i = 0; i < labels.length; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < 6; c++) {
                    max = Math.max(max, logits[i * 6 + c]);
                }
                double sum = 0;
                for (int c = 0; c < 6; c++) {
                    sum += Math.exp(logits[i * 6 + c] - max);
                }
                loss -= logits[i * 6 + labels[i]] - max - Math.log(sum);
            }
            assertEquals(after, loss / labels.length, 1e-3 * Math.max(1, after), "loss of the reloaded checkpoint");
        }
    }

    @Test
    void vitSavesInHuggingFaceLayout() {
        TrainableModel m = TrainableModel.vit(SMALL_VIT, 1, new FixedSchedule(2e-3), 0.0, LossWeights.dense(0.5));
        assertTrue(m.denseLabels());
        trainSaveAndReload(m, 32, SMALL_PRE, CheckpointFormat.HUGGING_FACE_VIT);
        assertTrue(m.parameters().keySet().stream().noneMatch(k -> k.startsWith("dense_head")),
                "the dense-label head is for training only");
        // the head is saved centred over the classes (the reload above reproduced the loss: same softmax)
        float[] w = m.parameters().get("head.weight").data();
        float[] b = m.parameters().get("head.bias").data();
        for (int j = 0; j < 32; j++) {
            double sum = 0;
            for (int k = 0; k < 6; k++) {
                sum += w[k * 32 + j];
            }
            assertEquals(0, sum, 1e-5, "column " + j + " of the head");
        }
        assertEquals(0, b[0] + b[1] + b[2] + b[3] + b[4] + b[5], 1e-5, "head bias");
    }

    @Test
    void widenedVitComputesTheSameAndItsCopiesGrowApart() {
        Path narrow = trainedSmallVit();
        int[] labels = new int[8];
        SceneGenerator g = new SceneGenerator(11, 32);
        Tensor x = batch(g, 8, SMALL_PRE, labels);

        TrainableModel wide = grown(narrow, new Growth(2, 0), x);
        assertEquals(new ViTConfig(32, 8, 64, 2, 2, 128, 6, 1e-12, false, 0, false), wide.vitConfig());

        // the shares are uneven, so the copies of a channel get different gradients and part
        Tensor tokens = denseTargets(g, 8, wide);
        wide.step(x, oneHot(labels), tokens);
        float[] w = wide.parameters().get("patch_embed.proj.weight").data();
        int row = 3 * 8 * 8;
        double apart = 0;
        for (int i = 0; i < row; i++) {
            apart = Math.max(apart, Math.abs(w[i] - w[32 * row + i]));
        }
        assertTrue(apart > 1e-5, "channel 0 and its copy 32 still equal after a step: " + apart);
    }

    @Test
    void deepenedVitComputesTheSameAndItsAddedBlockLearns() {
        Path shallow = trainedSmallVit();
        int[] labels = new int[8];
        SceneGenerator g = new SceneGenerator(11, 32);
        Tensor x = batch(g, 8, SMALL_PRE, labels);
        assertEquals(5, grown(shallow, new Growth(2, 3), x).vitConfig().depth());
        TrainableModel deep = grown(shallow, new Growth(1, 1), x);

        // block 1 is the added one (after block 0; the old block 1 stays last as block 2): it starts as block 0's
        // queries with a zero output projection, which the first step moves
        Map<String, Tensor> p = deep.parameters();
        assertArrayEquals(p.get("blocks.0.attn.q.weight").data(), p.get("blocks.1.attn.q.weight").data(), 0f);
        assertEquals(0f, maxAbs(p.get("blocks.1.attn.proj.weight").data()));
        assertEquals(0f, maxAbs(p.get("blocks.1.mlp.fc2.weight").data()));
        assertTrue(maxAbs(p.get("blocks.2.mlp.fc2.weight").data()) > 0, "the old last block keeps its weights");
        deep.step(x, oneHot(labels), denseTargets(g, 8, deep));
        p = deep.parameters();
        assertTrue(maxAbs(p.get("blocks.1.attn.proj.weight").data()) > 1e-5, "the added block's projection moved");
        assertTrue(maxAbs(p.get("blocks.1.mlp.fc2.weight").data()) > 1e-5, "the added block's MLP output moved");
    }

    /** A 2-block ViT of {@link #SMALL_VIT} trained a little and saved (Hugging Face layout). */
    private Path trainedSmallVit() {
        trainSaveAndReload(TrainableModel.vit(SMALL_VIT, 1, new FixedSchedule(2e-3), 0.0, LossWeights.dense(0.5)), 32,
                SMALL_PRE, CheckpointFormat.HUGGING_FACE_VIT);
        return dir.resolve(CheckpointFormat.HUGGING_FACE_VIT.name());
    }

    /** {@code small} grown, checked (saved and reloaded) to compute the same logits on {@code x}. */
    private TrainableModel grown(Path small, Growth growth, Tensor x) {
        TrainableModel m = TrainableModel.resume(small, new FixedSchedule(2e-3), 0.0, LossWeights.dense(0.5), growth, 7);
        assertEquals(growth.apply(SMALL_VIT), m.vitConfig());
        Path saved = dir.resolve("grown-" + growth.widthFactor() + "-" + growth.addedBlocks());
        m.save(saved, dev.xai4j.data.Shape.labels(), SMALL_PRE);
        try (VisionModel before = VisionModel.load(small); VisionModel after = VisionModel.load(saved)) {
            float[] a = before.run(dev.xai4j.model.PassRequest.forward(x, java.util.Set.of())).logits().data();
            float[] b = after.run(dev.xai4j.model.PassRequest.forward(x, java.util.Set.of())).logits().data();
            float spread = maxAbs(a);
            assertTrue(spread > 0.5f, "the trained model's logits are not all near 0: " + spread);
            assertArrayEquals(a, b, 1e-4f * spread, "logits of the model grown by " + growth);
        }
        return m;
    }

    private static float maxAbs(float[] v) {
        float m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    @Test
    void patchTargetsAreMaskSharesPerPatch() {
        dev.xai4j.data.Scene s = new SceneGenerator(5, 64).twoObjectScene(3);
        for (boolean flip : new boolean[]{false, true}) {
            float[] t = new float[64 * 7];
            Trainer.patchTargets(s, flip, 8, 8, 6, t, 0);
            for (int p = 0; p < 64; p++) {
                float sum = 0;
                for (int c = 0; c < 7; c++) {
                    assertTrue(t[p * 7 + c] >= -1e-6f, "shares are non-negative");
                    sum += t[p * 7 + c];
                }
                assertEquals(1f, sum, 1e-5f, "shares of patch " + p);
            }
            for (dev.xai4j.data.Scene.SceneObject o : s.objects()) {
                double expected = o.mask().area() / 64.0;
                double total = 0;
                for (int p = 0; p < 64; p++) {
                    total += t[p * 7 + o.label()];
                }
                assertEquals(expected, total, 1e-3, "object area in patches, flip " + flip);
            }
            // patch (row 0, column 0) of the flipped scene is patch (0, 7) of the original
            int col = 0;
            int origin = flip ? 7 : 0;
            int count = 0;
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    count += s.objects().get(0).mask().at(origin * 8 + (flip ? 7 - x : x), y) ? 1 : 0;
                }
            }
            assertEquals(count / 64f, t[col * 7 + s.objects().get(0).label()], 1e-6f);
        }
    }

    @Test
    void resnetSavesInTorchvisionLayoutWithRunningStatistics() {
        ResNetConfig c = new ResNetConfig(false, new int[]{1, 1}, new int[]{8, 16}, 8, 6, 64);
        Preprocessing pre = new Preprocessing(64, 64, dev.xai4j.image.Interpolation.BILINEAR, 1.0, true,
                Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD);
        TrainableModel m = TrainableModel.resnet(c, 1, new FixedSchedule(5e-3), 0.0, LossWeights.dense(0.5));
        assertEquals(8, m.denseGrid(), "64 px through a stride-4 stem and one stride-2 stage");
        trainSaveAndReload(m, 64, pre, CheckpointFormat.TORCHVISION_RESNET);
        assertTrue(m.parameters().containsKey("layer2.0.bn2.running_var"));
    }
}
