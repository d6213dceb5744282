package dev.xai4j.model;

import dev.xai4j.Fixtures;
import dev.xai4j.image.ImageDecoder;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A pass that changes a capture point's value: what follows computes from the changed value, nothing before it. */
class InterventionTest {

    private static Tensor pixels(VisionModel m, String image) {
        Tensor x = m.preprocessing().apply(new ImageDecoder().read(Fixtures.image(image)));
        return x.reshape(1, x.dim(0), x.dim(1), x.dim(2));
    }

    /**
     * ResNet: logits = W · mean(A) + b, so zeroing channel k of the last feature map lowers logit c by
     * exactly W[c, k] · mean(A_k); keeping everything changes nothing.
     */
    @Test
    void ablatingAChannelOfThePooledFeatureMapMovesTheLogitsByItsClassifierWeight() {
        try (VisionModel m = VisionModel.load(Fixtures.model("resnet-tiny-basic"))) {
            Tensor x = pixels(m, "resnet-a.png");
            PassResult plain = m.run(PassRequest.forward(x, Set.of(CapturePoints.FEATURES)));
            Tensor a = plain.capture(CapturePoints.FEATURES);
            int channels = a.dim(1);
            int hw = a.dim(2) * a.dim(3);
            int k = 5;
            float[] keep = new float[a.data().length];
            Arrays.fill(keep, 1f);
            Arrays.fill(keep, k * hw, (k + 1) * hw, 0f);
            PassResult ablated = m.run(PassRequest.forward(x, Set.of())
                    .withIntervention(new Intervention(CapturePoints.FEATURES, new Tensor(keep, a.shape()),
                            new Tensor(new float[keep.length], a.shape()))));
            double mean = 0;
            for (int i = 0; i < hw; i++) {
                mean += a.data()[k * hw + i];
            }
            mean /= hw;
            Tensor w = m.parameter("fc.weight");
            for (int c = 0; c < m.info().numClasses(); c++) {
                assertEquals(plain.logits().data()[c] - w.data()[c * channels + k] * mean, ablated.logits().data()[c], 1e-4,
                        "logit " + c);
            }
            float[] ones = new float[keep.length];
            Arrays.fill(ones, 1f);
            PassResult unchanged = m.run(PassRequest.forward(x, Set.of()).withIntervention(new Intervention(
                    "layer4.0", new Tensor(ones, a.shape()), new Tensor(new float[ones.length], a.shape()))));
            assertArrayEquals(plain.logits().data(), unchanged.logits().data(), 1e-6f);
        }
    }

    /** Replacing the input at {@code pixel_values} gives the other image's logits (ViT). */
    @Test
    void replacingTheInputGivesTheOtherImagesLogits() {
        try (VisionModel m = VisionModel.load(Fixtures.model("vit-tiny-hf"))) {
            Tensor a = pixels(m, "vit-a.png");
            Tensor b = pixels(m, "vit-b.png");
            float[] ofA = m.run(PassRequest.forward(a, Set.of())).logits().data();
            PassResult ofB = m.run(PassRequest.forward(b, Set.of()));
            PassResult replaced = m.run(PassRequest.forward(a, Set.of()).withIntervention(new Intervention(
                    CapturePoints.PIXELS, new Tensor(new float[a.data().length], a.shape()), b)));
            assertArrayEquals(ofB.logits().data(), replaced.logits().data(), 1e-5f);
            assertArrayEquals(ofA, m.run(PassRequest.forward(a, Set.of())).logits().data(), "plain passes are unchanged");
        }
    }
}
