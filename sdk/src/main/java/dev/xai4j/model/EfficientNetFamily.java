package dev.xai4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.Preprocessing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * torchvision EfficientNet checkpoints (MBConv stages, B0–B7): {@code features.0} stem,
 * {@code features.N.j.block.K} blocks, {@code features.{S+1}} head convolution, {@code classifier.1}; see
 * {@link EfficientNetConfig} for the math and {@link EfficientNetGraphBuilder} for the names. Stages,
 * blocks, widths, kernels, expansion and squeeze widths, the head width and the classes are read from the
 * tensors. Two things are not in them and come from {@code config.json}: the stride of each stage
 * ({@code inverted_residual_setting}, torchvision's {@code MBConvConfig} fields per stage) and the
 * batch-norm ε ({@code batch_norm_eps}); a checkpoint without them is refused. Every tensor must be one
 * the model uses, batch norm's {@code num_batches_tracked} counters excepted.
 *
 * <p>Capabilities: a feature map per block, the head convolution's output as {@code features}, and a
 * pooled classifier ({@code classifier.1} on the global average of {@code features}, the dropout before
 * it an identity at inference), so CAM decomposes the logit exactly; standard gradients only.
 */
final class EfficientNetFamily implements ModelFamily {

    /** The graphs of one EfficientNet. */
    record Graphs(EfficientNetConfig config, Weights weights) implements ModelDefinition.GraphFactory {
        @Override
        public GraphBuilder builder(GradientRules rules) {
            return new EfficientNetGraphBuilder(config, weights, rules);
        }

        @Override
        public ModelDefinition.GraphFactory withWeights(Weights other) {
            return new Graphs(config, other);
        }
    }

    @Override
    public String name() {
        return "efficientnet";
    }

    @Override
    public String describeFormat() {
        return "torchvision EfficientNet (features.N.j.block.K, classifier.1)";
    }

    @Override
    public Optional<ModelDefinition> recognize(Checkpoint cp) {
        if (cp.contains("features.0.0.weight") && cp.contains("features.1.0.block.0.0.weight")
                && cp.contains("classifier.1.weight")) {
            return Optional.of(load(cp));
        }
        return Optional.empty();
    }

    private static ModelDefinition load(Checkpoint cp) {
        JsonNode config = cp.config().orElseThrow(() -> cp.error("no config.json: an EfficientNet's stage strides and"
                + " batch-norm ε are not in its tensors; give them as inverted_residual_setting (per stage: stride, and"
                + " optionally expand_ratio, kernel, input_channels, out_channels, num_layers) and batch_norm_eps"));
        JsonNode setting = config.path("inverted_residual_setting");
        JsonNode eps = config.path("batch_norm_eps");
        if (!setting.isArray() || !eps.isNumber() || !(eps.asDouble() > 0)) {
            throw cp.error("config.json needs inverted_residual_setting (the stages' strides) and a positive"
                    + " batch_norm_eps: the tensors do not hold them");
        }
        int stageCount = cp.countIndexed(Pattern.compile("features\\.(\\d+)\\.")) - 2;
        if (setting.size() != stageCount) {
            throw cp.error("config.json's inverted_residual_setting has " + setting.size() + " stages but the tensors hold "
                    + stageCount + " (features.1 … features." + stageCount + ")");
        }
        Weights w = cp.weights(n -> n);
        List<EfficientNetConfig.Stage> stages = new ArrayList<>();
        int in = (int) cp.shape("features.0.0.weight")[0];
        for (int s = 0; s < stageCount; s++) {
            stages.add(stage(cp, s, in, setting.get(s)));
            in = stages.get(s).outChannels();
        }
        String head = "features." + (stageCount + 1) + ".0.weight";
        int headWidth = (int) shape(cp, head, 4)[0];
        long[] fc = shape(cp, "classifier.1.weight", 2);
        int size = 224;
        JsonNode input = config.path("pretrained_cfg").path("input_size");
        if (input.isArray() && input.size() == 3) {
            size = input.get(1).asInt(224);
        }
        EfficientNetConfig ec;
        try {
            ec = new EfficientNetConfig(stages, headWidth, (int) fc[0], size, eps.asDouble());
        } catch (IllegalArgumentException e) {
            throw cp.error(e.getMessage());
        }
        JsonNode last = config.path("last_channel");
        if (last.isNumber() && last.asInt() != headWidth) {
            throw cp.error("config.json says last_channel = " + last.asInt() + " but tensor '" + head + "' has "
                    + headWidth + " output channels");
        }
        CheckpointLoader.checkConfigured(cp.file(), "num_classes", config, ec.numClasses());
        cp.requireExactly(parameterNames(ec), n -> n.endsWith(".num_batches_tracked"));
        Preprocessing pre = CheckpointLoader.timmPreprocessing(config, size, Preprocessing.IMAGENET_MEAN,
                Preprocessing.IMAGENET_STD, Interpolation.BILINEAR, 0.875);
        return definition(CheckpointFormat.TORCHVISION_EFFICIENTNET, ec, cp.labels(ec.numClasses()), pre, w);
    }

    /** Stage {@code s} as its tensors show it, with the stride (and checks) from its config entry. */
    private static EfficientNetConfig.Stage stage(Checkpoint cp, int s, int in, JsonNode said) {
        String first = "features." + (s + 1) + ".0.block";
        int blocks = cp.countIndexed(Pattern.compile("features\\." + (s + 1) + "\\.(\\d+)\\."));
        // with an expansion the block has four parts (expand, depthwise, squeeze-excitation, project), else three
        boolean expands = cp.contains(first + ".3.0.weight");
        long[] depthwise = shape(cp, first + (expands ? ".1" : ".0") + ".0.weight", 4);
        long[] project = shape(cp, first + (expands ? ".3" : ".2") + ".0.weight", 4);
        int e = (int) depthwise[0];
        int kernel = (int) depthwise[2];
        int out = (int) project[0];
        if (!said.isObject() || !said.path("stride").isInt()) {
            throw cp.error("config.json's inverted_residual_setting[" + s + "] has no stride");
        }
        String block = said.path("block").asText("MBConv");
        if (!block.equals("MBConv")) {
            throw cp.error("config.json's stage " + s + " is a " + block + " (EfficientNetV2); only MBConv stages are"
                    + " supported");
        }
        double ratio = said.path("expand_ratio").isNumber() ? said.get("expand_ratio").asDouble() : (double) e / in;
        EfficientNetConfig.Stage stage;
        try {
            stage = new EfficientNetConfig.Stage(ratio, kernel, said.get("stride").asInt(), in, out, blocks);
        } catch (IllegalArgumentException ex) {
            throw cp.error("stage " + s + " (" + first + "): " + ex.getMessage());
        }
        if (stage.expandedChannels(in) != e) {
            throw cp.error("tensor '" + first + (expands ? ".1" : ".0") + ".0.weight' has " + e + " channels but expand"
                    + " ratio " + ratio + " of " + in + " input channels gives " + stage.expandedChannels(in));
        }
        check(cp, s, said, "kernel", kernel);
        check(cp, s, said, "input_channels", in);
        check(cp, s, said, "out_channels", out);
        check(cp, s, said, "num_layers", blocks);
        return stage;
    }

    private static void check(Checkpoint cp, int s, JsonNode said, String key, int found) {
        if (said.has(key) && said.get(key).asInt() != found) {
            throw cp.error("config.json's inverted_residual_setting[" + s + "] says " + key + " = " + said.get(key).asInt()
                    + " but the tensors of features." + (s + 1) + " give " + found);
        }
    }

    private static long[] shape(Checkpoint cp, String tensor, int rank) {
        long[] shape = cp.shape(tensor);
        if (shape.length != rank) {
            throw cp.error("tensor '" + tensor + "' has shape " + Arrays.toString(shape) + ", expected rank " + rank);
        }
        return shape;
    }

    /** Every parameter of an EfficientNet of this configuration (batch norms with their running statistics). */
    static List<String> parameterNames(EfficientNetConfig c) {
        List<String> names = new ArrayList<>();
        conv(names, "features.0");
        int in = c.stemWidth();
        for (int s = 0; s < c.stages().size(); s++) {
            EfficientNetConfig.Stage st = c.stages().get(s);
            for (int j = 0; j < st.blocks(); j++) {
                String b = "features." + (s + 1) + "." + j + ".block.";
                int k = 0;
                if (st.expandedChannels(in) != in) {
                    conv(names, b + k++);
                }
                conv(names, b + k++);
                for (String p : List.of(".fc1.weight", ".fc1.bias", ".fc2.weight", ".fc2.bias")) {
                    names.add(b + k + p);
                }
                conv(names, b + ++k);
                in = st.outChannels();
            }
        }
        conv(names, "features." + (c.stages().size() + 1));
        names.addAll(List.of("classifier.1.weight", "classifier.1.bias"));
        return names;
    }

    /** A convolution {@code prefix}.0 without bias and its batch norm {@code prefix}.1. */
    private static void conv(List<String> names, String prefix) {
        names.add(prefix + ".0.weight");
        for (String p : List.of("weight", "bias", "running_mean", "running_var")) {
            names.add(prefix + ".1." + p);
        }
    }

    /** The definition of an EfficientNet of this configuration and weights. */
    static ModelDefinition definition(CheckpointFormat format, EfficientNetConfig c, List<String> labels,
                                      Preprocessing pre, Weights w) {
        List<FeatureMap> maps = new ArrayList<>();
        List<String> blockMaps = new ArrayList<>();
        int grid = ConvNeXtFamily.convOut(c.imageSize(), 3, 2, 1);
        maps.add(new FeatureMap(CapturePoints.STEM_CONV, c.stemWidth(), grid, grid, false));
        maps.add(new FeatureMap(CapturePoints.STEM, c.stemWidth(), grid, grid, false));
        for (int s = 0; s < c.stages().size(); s++) {
            EfficientNetConfig.Stage st = c.stages().get(s);
            for (int j = 0; j < st.blocks(); j++) {
                if (j == 0) {
                    grid = ConvNeXtFamily.convOut(grid, st.kernel(), st.stride(), (st.kernel() - 1) / 2);
                }
                maps.add(new FeatureMap(CapturePoints.stageBlock(s + 1, j), st.outChannels(), grid, grid, false));
                blockMaps.add(CapturePoints.stageBlock(s + 1, j));
            }
        }
        maps.add(new FeatureMap(CapturePoints.FEATURES, c.headWidth(), grid, grid, false));
        Capabilities caps = new Capabilities(c.blocks(), maps, blockMaps, Optional.empty(), Optional.empty(),
                Optional.of(new Capabilities.PooledClassifier(CapturePoints.FEATURES, "classifier.1.weight")),
                Optional.empty(), Set.of(GradientRules.STANDARD));
        return new ModelDefinition("EfficientNet", format.name(), labels, pre, c.imageSize(), c.imageSize(), caps, w,
                new Graphs(c, w));
    }
}
