package dev.xai4j.model;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Full-size random-weight models build from a configuration and run with the expected shapes. */
class RandomModelTest {

    private static boolean finite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void vitBase16() {
        try (VisionModel m = VisionModel.random(ViTConfig.base16(1000), 7)) {
            assertEquals(197, m.info().capabilities().tokens().orElseThrow().tokenCount());
            PassResult r = m.run(new PassRequest(Tensor.of(new float[3 * 224 * 224], 1, 3, 224, 224),
                    Set.of("blocks.11.attention"), new int[]{3}, Set.of("blocks.11.attention")));
            assertArrayEquals(new long[]{1, 1000}, r.logits().shape());
            assertArrayEquals(new long[]{1, 12, 197, 197}, r.capture("blocks.11.attention").shape());
            assertArrayEquals(new long[]{1, 12, 197, 197}, r.gradient("blocks.11.attention").shape());
            assertTrue(finite(r.logits().data()));
            // each attention row is a distribution
            float[] a = r.capture("blocks.11.attention").data();
            double row = 0;
            for (int j = 0; j < 197; j++) {
                row += a[j];
            }
            assertEquals(1.0, row, 1e-4);
        }
    }

    @Test
    void resnet50() {
        try (VisionModel m = VisionModel.random(ResNetConfig.resnet50(1000), 7)) {
            PassResult r = m.run(new PassRequest(Tensor.of(new float[2 * 3 * 224 * 224], 2, 3, 224, 224),
                    Set.of("features"), new int[]{1, 2}, Set.of("features")));
            assertArrayEquals(new long[]{2, 1000}, r.logits().shape());
            assertArrayEquals(new long[]{2, 2048, 7, 7}, r.capture("features").shape());
            assertTrue(finite(r.gradient("features").data()));
            assertEquals(1, m.backwardPasses());
        }
    }

    @Test
    void convnextTiny() {
        try (VisionModel m = VisionModel.random(ConvNeXtConfig.convnextTiny(1000), 7)) {
            assertEquals(18, m.info().depth());
            PassResult r = m.run(new PassRequest(Tensor.of(new float[3 * 224 * 224], 1, 3, 224, 224),
                    Set.of("features", "layer3.8"), new int[]{3}, Set.of("features")));
            assertArrayEquals(new long[]{1, 1000}, r.logits().shape());
            assertArrayEquals(new long[]{1, 768, 7, 7}, r.capture("features").shape());
            assertArrayEquals(new long[]{1, 384, 14, 14}, r.capture("layer3.8").shape());
            assertTrue(finite(r.logits().data()));
            assertTrue(finite(r.gradient("features").data()));
        }
    }

    @Test
    void efficientnetB0() {
        try (VisionModel m = VisionModel.random(EfficientNetConfig.efficientnetB0(1000), 7)) {
            assertEquals(16, m.info().depth());
            PassResult r = m.run(new PassRequest(Tensor.of(new float[3 * 224 * 224], 1, 3, 224, 224),
                    Set.of("features", "layer2.1"), new int[]{3}, Set.of("features")));
            assertArrayEquals(new long[]{1, 1000}, r.logits().shape());
            assertArrayEquals(new long[]{1, 1280, 7, 7}, r.capture("features").shape());
            assertArrayEquals(new long[]{1, 24, 56, 56}, r.capture("layer2.1").shape());
            assertTrue(finite(r.logits().data()));
            assertTrue(finite(r.gradient("features").data()));
        }
    }

    @Test
    void refusesBadRequests() {
        try (VisionModel m = VisionModel.random(new ViTConfig(32, 8, 16, 1, 2, 32, 3, 1e-6, false, 0, false), 1)) {
            Tensor px = Tensor.of(new float[3 * 32 * 32], 1, 3, 32, 32);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> m.run(PassRequest.forward(px, Set.of("blocks.5.attention"))))
                    .getMessage().contains("unknown capture point 'blocks.5.attention'"));
            assertThrows(IllegalArgumentException.class, () -> m.run(new PassRequest(px, Set.of(), new int[]{3}, Set.of("logits"))));
            assertThrows(IllegalArgumentException.class, () -> m.run(PassRequest.forward(Tensor.of(new float[3 * 16 * 16], 1, 3, 16, 16), Set.of())));
        }
    }
}
