package dev.xai4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.Preprocessing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * torchvision / timm ResNets ({@code conv1}, {@code bn1}, {@code layer1..4}, {@code fc}): basic or
 * bottleneck blocks, depth and widths inferred from names and shapes; batch norm in eval mode or
 * already folded into biased convolutions.
 */
final class ResNetFamily implements ModelFamily {

    /** The graphs of one ResNet; {@link TrainingGraph#read} reads its configuration from here. */
    record Graphs(ResNetConfig config, Weights weights) implements ModelDefinition.GraphFactory {
        @Override
        public GraphBuilder builder(GradientRules rules) {
            return new ResNetGraphBuilder(config, weights, false, rules);
        }
    }

    @Override
    public String name() {
        return "resnet";
    }

    @Override
    public String describeFormat() {
        return "torchvision ResNet (conv1, layer1..4, fc)";
    }

    @Override
    public Optional<ModelDefinition> recognize(Checkpoint cp) {
        if (cp.contains("conv1.weight") && cp.contains("layer1.0.conv1.weight") && cp.contains("fc.weight")) {
            return Optional.of(resnet(cp, cp.config().orElse(null)));
        }
        return Optional.empty();
    }

    /** The definition of a ResNet of this configuration and weights. */
    static ModelDefinition definition(CheckpointFormat format, ResNetConfig rc, List<String> labels, Preprocessing pre, Weights w) {
        List<FeatureMap> maps = new ArrayList<>();
        List<String> blockMaps = new ArrayList<>();
        int size = convOut(rc.imageSize(), 7, 2, 3);
        maps.add(new FeatureMap(CapturePoints.STEM_CONV, rc.stemWidth(), size, size, false));
        size = convOut(size, 3, 2, 1);
        maps.add(new FeatureMap(CapturePoints.STEM, rc.stemWidth(), size, size, false));
        int in = rc.stemWidth();
        int blocks = 0;
        for (int s = 0; s < rc.blocks().length; s++) {
            int width = rc.widths()[s];
            int out = width * rc.expansion();
            for (int b = 0; b < rc.blocks()[s]; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                int outSize = convOut(size, 3, stride, 1);
                int st = s + 1;
                if (rc.bottleneck()) {
                    maps.add(new FeatureMap(CapturePoints.stageConv(st, b, 1), width, size, size, false));
                    maps.add(new FeatureMap(CapturePoints.stageConv(st, b, 2), width, outSize, outSize, false));
                    maps.add(new FeatureMap(CapturePoints.stageConv(st, b, 3), out, outSize, outSize, false));
                } else {
                    maps.add(new FeatureMap(CapturePoints.stageConv(st, b, 1), width, outSize, outSize, false));
                    maps.add(new FeatureMap(CapturePoints.stageConv(st, b, 2), width, outSize, outSize, false));
                }
                if (w.has(CapturePoints.stageBlock(st, b) + ".downsample.0.weight")) {
                    maps.add(new FeatureMap(CapturePoints.stageDownsample(st, b), out, outSize, outSize, false));
                }
                maps.add(new FeatureMap(CapturePoints.stageBlock(st, b), out, outSize, outSize, false));
                blockMaps.add(CapturePoints.stageBlock(st, b));
                blocks++;
                size = outSize;
                in = out;
            }
        }
        maps.add(new FeatureMap(CapturePoints.FEATURES, in, size, size, false));
        Capabilities caps = new Capabilities(blocks, maps, blockMaps, Optional.empty(), Optional.empty(),
                Optional.of(new Capabilities.PooledClassifier(CapturePoints.FEATURES, "fc.weight")), Optional.empty(),
                Set.of(GradientRules.STANDARD, GradientRules.EPSILON_ZPLUS_FLAT));
        return new ModelDefinition("ResNet", format.name(), labels, pre, rc.imageSize(), rc.imageSize(), caps, w,
                new Graphs(rc, w));
    }

    /** A convolution's (or pooling's) output size: ⌊(n + 2p − k) / s⌋ + 1. */
    private static int convOut(int n, int k, int s, int p) {
        return (n + 2 * p - k) / s + 1;
    }


    private static ModelDefinition resnet(Checkpoint cp, JsonNode config) {
        SafetensorsFile file = cp.file();
        Weights w = cp.weights(c -> c);
        boolean bottleneck = file.contains("layer1.0.conv3.weight");
        List<Integer> blocks = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        for (int s = 1; file.contains("layer" + s + ".0.conv1.weight"); s++) {
            blocks.add(cp.countIndexed(Pattern.compile("layer" + s + "\\.(\\d+)\\.")));
            widths.add((int) file.shape("layer" + s + ".0.conv1.weight")[0]);
        }
        int stem = (int) file.shape("conv1.weight")[0];
        int classes = (int) file.shape("fc.weight")[0];
        int size = 224;
        if (config != null && config.path("pretrained_cfg").path("input_size").isArray()) {
            size = config.path("pretrained_cfg").path("input_size").get(1).asInt(224);
        }
        // global average pooling before the classifier: any input size is a valid input
        size = cp.inputSize().orElse(size);
        ResNetConfig rc = new ResNetConfig(bottleneck, blocks.stream().mapToInt(Integer::intValue).toArray(),
                widths.stream().mapToInt(Integer::intValue).toArray(), stem, classes, size);
        List<String> labels = cp.labels(classes);
        Preprocessing pre = CheckpointLoader.timmPreprocessing(config, size, Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD,
                Interpolation.BILINEAR, 0.875);
        pre = pre.withSize(size, size);
        return definition(CheckpointFormat.TORCHVISION_RESNET, rc, labels, pre, w);
    }
}
