package dev.xai4j.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A copy with some parameters randomised: the named ones change, the rest and the original stay. */
class RandomisedCopyTest {

    @Test
    void copyReplacesOnlyTheNamedParametersAndLeavesTheOriginalAlone() {
        try (VisionModel m = VisionModel.random(new ViTConfig(32, 8, 16, 2, 2, 32, 3, 1e-6, false, 0, false), 4)) {
            Tensor px = Tensor.of(new float[3 * 32 * 32], 1, 3, 32, 32);
            java.util.Arrays.fill(px.data(), 0.3f);
            float[] before = m.run(PassRequest.forward(px, Set.of())).logits().data();
            List<String> names = List.copyOf(m.parameterNames());
            assertEquals("patch_embed.proj.weight", names.get(0), "graph order: input end first");
            assertEquals("head.bias", names.get(names.size() - 1), "classifier last");
            try (VisionModel r = m.withRandomParameters(Set.of("head.weight", "blocks.1.mlp.fc1.weight"), 9)) {
                assertEquals(m.parameterNames(), r.parameterNames());
                assertFalse(java.util.Arrays.equals(m.parameter("head.weight").data(), r.parameter("head.weight").data()));
                assertFalse(java.util.Arrays.equals(m.parameter("blocks.1.mlp.fc1.weight").data(),
                        r.parameter("blocks.1.mlp.fc1.weight").data()));
                assertArrayEquals(m.parameter("blocks.0.attn.q.weight").data(), r.parameter("blocks.0.attn.q.weight").data());
                assertArrayEquals(m.parameter("head.bias").data(), r.parameter("head.bias").data());
                float[] after = r.run(PassRequest.forward(px, Set.of())).logits().data();
                assertFalse(java.util.Arrays.equals(before, after), "the copy computes something else");
                // same seed, same values
                try (VisionModel again = m.withRandomParameters(Set.of("head.weight"), 9)) {
                    assertArrayEquals(r.parameter("head.weight").data(), again.parameter("head.weight").data());
                }
            }
            assertArrayEquals(before, m.run(PassRequest.forward(px, Set.of())).logits().data(), "original untouched");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.withRandomParameters(Set.of("fc.weight"), 1));
            assertTrue(e.getMessage().contains("[fc.weight]"), e.getMessage());
        }
    }
}
