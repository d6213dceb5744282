package dev.xai4j.image;

import dev.xai4j.model.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PreprocessingTest {

    private static RgbImage flat(int w, int h, int r, int g, int b) {
        byte[] px = new byte[3 * w * h];
        for (int i = 0; i < w * h; i++) {
            px[3 * i] = (byte) r;
            px[3 * i + 1] = (byte) g;
            px[3 * i + 2] = (byte) b;
        }
        return new RgbImage(w, h, px);
    }

    @Test
    void normalisesPerChannel() {
        Preprocessing p = new Preprocessing(2, 2, Interpolation.BILINEAR, 1.0, false,
                new float[]{0.5f, 0.5f, 0.5f}, new float[]{0.5f, 0.25f, 0.5f});
        Tensor t = p.apply(flat(2, 2, 255, 0, 51));
        assertArrayEquals(new long[]{3, 2, 2}, t.shape());
        assertEquals(1f, t.get(0, 0, 0), 1e-6);
        assertEquals(-2f, t.get(1, 1, 1), 1e-6);
        assertEquals((0.2f - 0.5f) / 0.5f, t.get(2, 0, 1), 1e-6);
    }

    @Test
    void resizesFlatImagesToTheSameColourAndCropsTheCentre() {
        Preprocessing hf = new Preprocessing(8, 8, Interpolation.BICUBIC, 1.0, false, new float[3], new float[]{1, 1, 1});
        RgbImage r = hf.resize(flat(30, 20, 10, 100, 200));
        assertEquals(8, r.width());
        assertEquals(100, r.sample(3, 3, 1));

        Preprocessing timm = new Preprocessing(8, 8, Interpolation.BILINEAR, 0.5, true, new float[3], new float[]{1, 1, 1});
        // 16 wide × 32 high: shorter side → ⌊8 / 0.5⌋ = 16 (no resize), then a centre crop of 8×8
        byte[] px = new byte[3 * 16 * 32];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 16; x++) {
                px[3 * (y * 16 + x)] = (byte) (y * 8);
            }
        }
        RgbImage cropped = timm.resize(new RgbImage(16, 32, px));
        assertEquals(8, cropped.height());
        assertEquals(12 * 8, cropped.sample(0, 0, 0), "rows 12..19 kept");
        assertEquals(19 * 8, cropped.sample(7, 7, 0));
    }

    @Test
    void downscalingAveragesLikeAnAntialiasedFilter() {
        // A 1-pixel checkerboard shrunk by 4 must come out mid-grey, not aliased black or white.
        byte[] px = new byte[3 * 16 * 16];
        for (int i = 0; i < 256; i++) {
            byte v = (byte) (((i % 16) + (i / 16)) % 2 == 0 ? 255 : 0);
            px[3 * i] = px[3 * i + 1] = px[3 * i + 2] = v;
        }
        RgbImage small = Resampler.resize(new RgbImage(16, 16, px), 4, 4, Interpolation.BILINEAR);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(128, small.sample(x, y, 0), 3.0);
            }
        }
    }

    @Test
    void batchesAndRejectsBadConfigs() {
        Preprocessing p = Preprocessing.imagenet(4);
        assertArrayEquals(new long[]{2, 3, 4, 4}, p.batch(List.of(flat(4, 4, 1, 2, 3), flat(9, 5, 1, 2, 3))).shape());
        assertThrows(IllegalArgumentException.class, () -> new Preprocessing(4, 4, Interpolation.BILINEAR, 1.5, true,
                new float[3], new float[]{1, 1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new Preprocessing(4, 4, Interpolation.BILINEAR, 1, true,
                new float[3], new float[]{1, 0, 1}));
    }
}
