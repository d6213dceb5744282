package dev.xai4j.render;

import dev.xai4j.Fixtures;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.model.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpsamplingTest {

    static List<Fixtures.Case> vitCases() {
        return Fixtures.vitCases();
    }

    static Heatmap heatmap(Tensor t) {
        return new Heatmap(t.data(), t.dim(0), t.dim(1));
    }

    @Test
    void everyViTCaseIsCovered() {
        assertEquals(8, vitCases().size());
    }

    /** cls_attention [8,8] → bicubic 64×64 → ÷ (max + 1e-6), as the fixture generator did with F.interpolate. */
    @ParameterizedTest
    @MethodSource("vitCases")
    void bicubicReproducesUpsampledMaxnormFixture(Fixtures.Case c) {
        Heatmap attention = heatmap(c.expected("cls_attention"));
        Tensor expected = c.expected("cls_attention.upsampled_maxnorm");
        Heatmap up = Upsampling.BICUBIC.resize(attention, expected.dim(0), expected.dim(1));
        float max = up.max();
        float[] normed = new float[up.values().length];
        for (int i = 0; i < normed.length; i++) {
            normed[i] = (float) (up.values()[i] / (max + 1e-6));
        }
        Fixtures.assertClose(expected, Tensor.of(normed, up.height(), up.width()), 1e-4, c + " upsampled_maxnorm");
    }

    @Test
    void nearestTakesFloorOfDestinationTimesScale() {
        // 2 → 3, scale 2/3: d = 0, 1, 2 → ⌊0⌋, ⌊0.667⌋, ⌊1.333⌋ = 0, 0, 1 (PyTorch 'nearest', not 'nearest-exact')
        Heatmap map = new Heatmap(new float[]{1, 2, 3, 4}, 2, 2);
        Heatmap up = Upsampling.NEAREST.resize(map, 3, 3);
        assertArrayEquals(new float[]{
                1, 1, 2,
                1, 1, 2,
                3, 3, 4}, up.values());
        // 3 → 2, scale 1.5: d = 0, 1 → 0, ⌊1.5⌋ = 1
        assertArrayEquals(new float[]{0, 10}, Upsampling.NEAREST.resize(new Heatmap(new float[]{0, 10, 20}, 1, 3), 1, 2).values());
    }

    @Test
    void bilinearMatchesHandComputedValues() {
        // 2 → 4, scale ½: x = max(0, (d + ½)/2 − ½) = 0, 0.25, 0.75, 1.25 → the last reads v[1] twice (clamped),
        // so fractions along each axis are 0, ¼, ¾, 1 and out[y][x] = 8·f(y) + 4·f(x) for [[0, 4], [8, 12]]
        Heatmap map = new Heatmap(new float[]{0, 4, 8, 12}, 2, 2);
        Heatmap up = Upsampling.BILINEAR.resize(map, 4, 4);
        assertArrayEquals(new float[]{
                0, 1, 3, 4,
                2, 3, 5, 6,
                6, 7, 9, 10,
                8, 9, 11, 12}, up.values(), 1e-6f);
    }

    @Test
    void bicubicRepeatsTheBorderAndOvershoots() {
        // [0, 4] → 4 wide, x = −0.25, 0.25, 0.75, 1.25. Keys a = −0.75: W(0.75) = 0.26171875,
        // W(1.25) = −0.10546875, W(1.75) = −0.03515625.
        // d = 0: taps −2..1 clamp to v[0], v[0], v[0], v[1] → 4·W(1.25) = −0.421875
        // d = 1: taps −1..2 clamp to v[0], v[0], v[1], v[1] → 4·(W(0.75) + W(1.75)) = 0.90625
        //        (with zero padding instead of edge replication it would be 4·W(0.75) = 1.046875)
        // d = 2, 3 by symmetry: 4 − 0.90625, 4 + 0.421875
        Heatmap up = Upsampling.BICUBIC.resize(new Heatmap(new float[]{0, 4}, 1, 2), 1, 4);
        assertArrayEquals(new float[]{-0.421875f, 0.90625f, 3.09375f, 4.421875f}, up.values(), 1e-6f);
    }

    @Test
    void sameSizeIsAnIndependentCopy() {
        float[] v = {1, -2, 3, 4, 5, 6};
        Heatmap map = new Heatmap(v, 2, 3);
        for (Upsampling u : Upsampling.values()) {
            Heatmap same = u.resize(map, 2, 3);
            assertEquals(map, same, u.name());
            assertTrue(same.values() != v, u.name());
        }
    }

    @Test
    void rejectsNonPositiveSizes() {
        Heatmap map = new Heatmap(new float[]{1}, 1, 1);
        IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> Upsampling.BILINEAR.resize(map, 0, 4));
        assertTrue(h.getMessage().contains("height"), h.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> Upsampling.BICUBIC.resize(map, 4, -1));
        assertTrue(w.getMessage().contains("width"), w.getMessage());
    }
}
