package dev.xai4j.testarch;

import dev.xai4j.image.Preprocessing;
import dev.xai4j.model.Capabilities;
import dev.xai4j.model.CapturePoints;
import dev.xai4j.model.Checkpoint;
import dev.xai4j.model.FeatureMap;
import dev.xai4j.model.GradientRules;
import dev.xai4j.model.GraphBuilder;
import dev.xai4j.model.ModelDefinition;
import dev.xai4j.model.ModelFamily;
import dev.xai4j.model.Weights;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An architecture the SDK does not ship, added the way a third party would: this class, its graph
 * builder, and one line in {@code META-INF/services/dev.xai4j.model.ModelFamily}. Two 3×3 convolutions
 * with ReLU ({@code cnn.conv1}, {@code cnn.conv2}, "same" padding), global average pooling and a linear
 * head ({@code cnn.head}); the channel and class counts come from the weights.
 */
public final class TwoLayerCnnFamily implements ModelFamily {

    /** The input side the checkpoints of this family are made for. */
    public static final int SIZE = 16;

    @Override
    public String name() {
        return "two-layer-cnn";
    }

    @Override
    public String describeFormat() {
        return "two-layer CNN (cnn.conv1, cnn.conv2, cnn.head)";
    }

    @Override
    public Optional<ModelDefinition> recognize(Checkpoint cp) {
        if (!cp.contains("cnn.conv1.weight")) {
            return Optional.empty();
        }
        Weights w = cp.weights(name -> name);
        int c1 = (int) cp.shape("cnn.conv1.weight")[0];
        int c2 = (int) cp.shape("cnn.conv2.weight")[0];
        int classes = (int) cp.shape("cnn.head.weight")[0];
        String first = CapturePoints.stageBlock(1, 0);
        String second = CapturePoints.stageBlock(2, 0);
        Capabilities caps = new Capabilities(2,
                List.of(new FeatureMap(first, c1, SIZE, SIZE, false), new FeatureMap(second, c2, SIZE, SIZE, false),
                        new FeatureMap(CapturePoints.FEATURES, c2, SIZE, SIZE, false)),
                List.of(first, second), Optional.empty(), Optional.empty(),
                Optional.of(new Capabilities.PooledClassifier(CapturePoints.FEATURES, "cnn.head.weight")), Optional.empty(),
                Set.of(GradientRules.STANDARD));
        return Optional.of(new ModelDefinition("TwoLayerCNN", "TWO_LAYER_CNN", cp.labels(classes),
                Preprocessing.imagenet(SIZE), SIZE, SIZE, caps, w, rules -> new Builder(w, rules, c1, c2, classes)));
    }

    /** The graph: conv → ReLU → conv → ReLU → mean → linear. */
    private static final class Builder extends GraphBuilder {
        private final int c1;
        private final int c2;
        private final int classes;

        Builder(Weights weights, GradientRules rules, int c1, int c2, int classes) {
            super(weights, false, rules);
            this.c1 = c1;
            this.c2 = c2;
            this.classes = classes;
        }

        @Override
        protected int classes() {
            return classes;
        }

        @Override
        protected SDVariable network(SDVariable pixels) {
            SDVariable a = capture(CapturePoints.stageBlock(1, 0), conv("cnn.conv1", pixels, 3, c1));
            SDVariable b = capture(CapturePoints.stageBlock(2, 0), conv("cnn.conv2", a, c1, c2));
            capture(CapturePoints.FEATURES, b);
            SDVariable pooled = capture(CapturePoints.POOLED, b.mean(CapturePoints.POOLED, 2, 3));
            return linear("cnn.head", pooled, c2, classes, true);
        }

        private SDVariable conv(String prefix, SDVariable x, int in, int out) {
            Conv2DConfig cfg = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1).pH(1).pW(1).dH(1).dW(1)
                    .dataFormat("NCHW").build();
            SDVariable kernel = weight(prefix + ".weight", Layout.KERNEL, out, in, 3, 3);
            return sd.nn.relu(sd.cnn.conv2d(x, kernel, constant(prefix + ".bias", out), cfg), 0);
        }
    }
}
