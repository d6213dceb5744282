package dev.xai4j.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model's array pool stops growing once its passes repeat (a long-running server or an evaluation
 * of thousands of passes must not grow by an input per pass), and reused buffers never change a result.
 */
class ArrayPoolTest {

    @Test
    void vitPoolIsBoundedAndReuseIsExact() {
        try (VisionModel m = VisionModel.random(new ViTConfig(32, 8, 16, 2, 2, 32, 3, 1e-6, false, 0, false), 3)) {
            assertBoundedAndExact(m, "blocks.1.attention");
        }
    }

    @Test
    void resnetPoolIsBoundedAndReuseIsExact() {
        try (VisionModel m = VisionModel.random(new ResNetConfig(false, new int[]{1, 1}, new int[]{8, 16}, 8, 3, 32), 3)) {
            assertBoundedAndExact(m, "features");
        }
    }

    /** Three cycles of forward and forward + backward passes at batch sizes 1, 3 and 2. */
    private static void assertBoundedAndExact(VisionModel m, String capture) {
        List<float[]> first = cycle(m, capture);
        long held = m.pooledBytes();
        assertTrue(held > 0, "intermediates go back to the pool");
        for (int c = 0; c < 3; c++) {
            List<float[]> again = cycle(m, capture);
            assertEquals(held, m.pooledBytes(), "pool grew in cycle " + (c + 2));
            for (int i = 0; i < first.size(); i++) {
                assertArrayEquals(first.get(i), again.get(i), "result " + i + " changed in cycle " + (c + 2));
            }
        }
    }

    private static List<float[]> cycle(VisionModel m, String capture) {
        List<float[]> out = new ArrayList<>();
        int size = m.info().inputHeight();
        for (int b : new int[]{1, 3, 2}) {
            float[] px = new float[b * 3 * size * size];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) Math.sin(0.37 * i + b);
            }
            Tensor pixels = Tensor.of(px, b, 3, size, size);
            out.add(m.run(PassRequest.forward(pixels, Set.of(capture))).capture(capture).data());
            int[] targets = new int[b];
            for (int i = 0; i < b; i++) {
                targets[i] = i % 3;
            }
            PassResult r = m.run(new PassRequest(pixels, Set.of(capture), targets, Set.of(capture)));
            out.add(r.logits().data());
            out.add(r.gradient(capture).data());
        }
        return out;
    }
}
