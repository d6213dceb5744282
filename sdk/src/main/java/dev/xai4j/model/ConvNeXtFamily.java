package dev.xai4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.Preprocessing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ConvNeXt checkpoints in torchvision naming ({@code features.0.0} stem … {@code classifier.2}) and in timm
 * naming ({@code stem.0}, {@code stages.s.downsample|blocks}, {@code head.norm}, {@code head.fc}); see
 * {@link ConvNeXtConfig} for the math and {@link ConvNeXtGraphBuilder} for the canonical (timm) names.
 * Stages, depths, channels, the stem's patch, the depthwise kernel, the MLP ratio, the layer scale and the
 * classes are read from the tensors; {@code config.json} gives only the LayerNorm ε (torchvision's
 * {@code layer_norm_eps}, timm's {@code model_args.norm_eps}; 1e-6, both libraries' default, where it says
 * none), the labels and the preprocessing. Every tensor of the file must be one the model uses.
 *
 * <p>Capabilities: feature maps per stage (the downsampling layer's output) and per block, the last block's
 * output as {@code features}; standard gradients only. No pooled classifier: between the global pooling
 * and the linear head sits a LayerNorm, logits = W·LN(mean_{h,w} A) + b, whose per-image mean and scale
 * make the class score a non-linear function of the pooled features. A fixed row of W (CAM) therefore does
 * not decompose the logit; Grad-CAM does apply, and its channel weights are exactly the head's
 * linearisation at the image (∂y/∂A_k is the same at every position, the head's Jacobian over h·w).
 */
final class ConvNeXtFamily implements ModelFamily {

    /** The graphs of one ConvNeXt. */
    record Graphs(ConvNeXtConfig config, Weights weights) implements ModelDefinition.GraphFactory {
        @Override
        public GraphBuilder builder(GradientRules rules) {
            return new ConvNeXtGraphBuilder(config, weights, rules);
        }

        @Override
        public ModelDefinition.GraphFactory withWeights(Weights other) {
            return new Graphs(config, other);
        }
    }

    /** ε of every LayerNorm where the checkpoint states none: torchvision's and timm's ConvNeXt default. */
    static final double DEFAULT_LAYER_NORM_EPS = 1e-6;

    private static final Pattern TORCHVISION_STAGE = Pattern.compile(
            "stages\\.(\\d+)\\.(downsample\\.(\\d+)|blocks\\.(\\d+)\\.(gamma|conv_dw|norm|mlp\\.fc1|mlp\\.fc2))(.*)");

    @Override
    public String name() {
        return "convnext";
    }

    @Override
    public String describeFormat() {
        return "torchvision ConvNeXt (features.N.j.layer_scale, features.N.j.block.K, classifier.2) or timm ConvNeXt"
                + " (stem.0, stages.s.blocks.j.conv_dw, head.fc)";
    }

    @Override
    public Optional<ModelDefinition> recognize(Checkpoint cp) {
        if (cp.contains("stem.0.weight") && cp.contains("stages.0.blocks.0.conv_dw.weight")) {
            return Optional.of(load(cp, CheckpointFormat.TIMM_CONVNEXT, UnaryOperator.identity()));
        }
        if (cp.contains("features.0.0.weight") && cp.contains("features.1.0.layer_scale")
                && cp.contains("features.1.0.block.0.weight")) {
            return Optional.of(load(cp, CheckpointFormat.TORCHVISION_CONVNEXT, ConvNeXtFamily::torchvisionName));
        }
        return Optional.empty();
    }

    /** The torchvision name of a canonical (timm) parameter name. */
    static String torchvisionName(String canonical) {
        if (canonical.startsWith("stem.")) {
            return "features.0." + canonical.substring(5);
        }
        if (canonical.startsWith("head.norm.")) {
            return "classifier.0." + canonical.substring(10);
        }
        if (canonical.startsWith("head.fc.")) {
            return "classifier.2." + canonical.substring(8);
        }
        Matcher m = TORCHVISION_STAGE.matcher(canonical);
        if (!m.matches()) {
            return canonical;
        }
        int s = Integer.parseInt(m.group(1));
        if (m.group(3) != null) {
            return "features." + 2 * s + "." + m.group(3) + m.group(6);
        }
        String block = "features." + (2 * s + 1) + "." + m.group(4);
        return block + switch (m.group(5)) {
            case "gamma" -> ".layer_scale";
            case "conv_dw" -> ".block.0";
            case "norm" -> ".block.2";
            case "mlp.fc1" -> ".block.3";
            default -> ".block.5";
        } + m.group(6);
    }

    private static ModelDefinition load(Checkpoint cp, CheckpointFormat format, UnaryOperator<String> naming) {
        Weights w = cp.weights(naming);
        JsonNode config = cp.config().orElse(null);
        long[] stem = w.shape("stem.0.weight");
        if (stem == null || stem.length != 4 || stem[1] != 3 || stem[2] != stem[3]) {
            throw cp.error("tensor '" + naming.apply("stem.0.weight") + "' has shape " + Arrays.toString(stem)
                    + ", expected a square patch convolution of 3 input channels [C, 3, p, p]");
        }
        List<Integer> depths = new ArrayList<>();
        List<Integer> dims = new ArrayList<>();
        int kernel = 0;
        int ratio = 0;
        for (int s = 0; w.has("stages." + s + ".blocks.0.conv_dw.weight"); s++) {
            int depth = 0;
            while (w.has("stages." + s + ".blocks." + depth + ".conv_dw.weight")) {
                depth++;
            }
            String first = "stages." + s + ".blocks.0";
            long[] dw = w.shape(first + ".conv_dw.weight");
            long[] fc1 = w.shape(first + ".mlp.fc1.weight");
            if (dw.length != 4 || dw[1] != 1 || dw[2] != dw[3]) {
                throw cp.error("tensor '" + naming.apply(first + ".conv_dw.weight") + "' has shape " + Arrays.toString(dw)
                        + ", expected a square depthwise kernel [C, 1, k, k]");
            }
            if (fc1 == null || fc1.length != 2) {
                throw cp.error("tensor '" + naming.apply(first + ".mlp.fc1.weight") + "' has shape "
                        + Arrays.toString(fc1) + ", expected a linear layer [r·C, C] (1×1-convolution MLPs, timm's"
                        + " conv_mlp, are not supported)");
            }
            if (fc1[0] % dw[0] != 0 || (ratio != 0 && fc1[0] / dw[0] != ratio) || (kernel != 0 && dw[2] != kernel)) {
                throw cp.error("tensor '" + naming.apply(first + ".mlp.fc1.weight") + "' or '"
                        + naming.apply(first + ".conv_dw.weight") + "': every stage must share one MLP ratio and one"
                        + " depthwise kernel (shapes " + Arrays.toString(fc1) + ", " + Arrays.toString(dw) + ")");
            }
            kernel = (int) dw[2];
            ratio = (int) (fc1[0] / dw[0]);
            depths.add(depth);
            dims.add((int) dw[0]);
        }
        long[] head = w.shape("head.fc.weight");
        if (head == null || head.length != 2) {
            throw cp.error("missing tensor '" + naming.apply("head.fc.weight") + "' (the classifier [classes, C])");
        }
        int size = imageSize(config);
        ConvNeXtConfig cc = new ConvNeXtConfig(depths.stream().mapToInt(Integer::intValue).toArray(),
                dims.stream().mapToInt(Integer::intValue).toArray(), (int) stem[2], kernel, ratio,
                w.has("stages.0.blocks.0.gamma"), (int) head[0], size, layerNormEps(cp, config));
        checkConfig(cp, config, cc);
        cp.requireExactly(parameterNames(cc).stream().map(naming).toList(), n -> false);
        Preprocessing pre = CheckpointLoader.timmPreprocessing(config, size, Preprocessing.IMAGENET_MEAN,
                Preprocessing.IMAGENET_STD, Interpolation.BILINEAR, 0.875);
        return definition(format, cc, cp.labels(cc.numClasses()), pre, w);
    }

    private static int imageSize(JsonNode config) {
        JsonNode in = config == null ? null : config.path("pretrained_cfg").path("input_size");
        return in != null && in.isArray() && in.size() == 3 ? in.get(1).asInt(224) : 224;
    }

    /** torchvision's {@code layer_norm_eps}, timm's {@code model_args.norm_eps}, else the libraries' 1e-6. */
    private static double layerNormEps(Checkpoint cp, JsonNode config) {
        if (config == null) {
            return DEFAULT_LAYER_NORM_EPS;
        }
        JsonNode eps = config.has("layer_norm_eps") ? config.get("layer_norm_eps") : config.path("model_args").path("norm_eps");
        if (eps.isMissingNode() || eps.isNull()) {
            return DEFAULT_LAYER_NORM_EPS;
        }
        if (!eps.isNumber() || eps.asDouble() <= 0) {
            throw cp.error("config.json's LayerNorm ε " + eps + " is not a positive number");
        }
        return eps.asDouble();
    }

    /** What config.json says must agree with the tensors, and it must not ask for what this family does not compute. */
    private static void checkConfig(Checkpoint cp, JsonNode config, ConvNeXtConfig cc) {
        if (config == null) {
            return;
        }
        JsonNode args = config.path("model_args");
        for (String key : List.of("depths", "dims")) {
            JsonNode v = args.path(key);
            if (v.isArray()) {
                int[] said = new int[v.size()];
                for (int i = 0; i < said.length; i++) {
                    said[i] = v.get(i).asInt();
                }
                int[] found = key.equals("depths") ? cc.depths() : cc.dims();
                if (!Arrays.equals(said, found)) {
                    throw cp.error("config.json says " + key + " = " + Arrays.toString(said) + " but the tensors hold "
                            + Arrays.toString(found));
                }
            }
        }
        String act = args.path("act_layer").asText("gelu");
        if (!act.equals("gelu")) {
            throw cp.error("config.json asks for act_layer '" + act + "'; only exact GELU is supported");
        }
        String pool = config.path("global_pool").asText(args.path("global_pool").asText("avg"));
        if (!pool.equals("avg")) {
            throw cp.error("config.json asks for global_pool '" + pool + "'; only average pooling is supported");
        }
        CheckpointLoader.checkConfigured(cp.file(), "num_classes", config, cc.numClasses());
    }

    /** Every parameter of a ConvNeXt of this configuration, in canonical (timm) naming. */
    static List<String> parameterNames(ConvNeXtConfig c) {
        List<String> names = new ArrayList<>(List.of("stem.0.weight", "stem.0.bias", "stem.1.weight", "stem.1.bias"));
        for (int s = 0; s < c.depths().length; s++) {
            if (s > 0) {
                for (String p : List.of(".0.weight", ".0.bias", ".1.weight", ".1.bias")) {
                    names.add("stages." + s + ".downsample" + p);
                }
            }
            for (int j = 0; j < c.depths()[s]; j++) {
                String b = "stages." + s + ".blocks." + j;
                if (c.layerScale()) {
                    names.add(b + ".gamma");
                }
                for (String layer : List.of(".conv_dw", ".norm", ".mlp.fc1", ".mlp.fc2")) {
                    names.add(b + layer + ".weight");
                    names.add(b + layer + ".bias");
                }
            }
        }
        names.addAll(List.of("head.norm.weight", "head.norm.bias", "head.fc.weight", "head.fc.bias"));
        return names;
    }

    /** The definition of a ConvNeXt of this configuration and weights. */
    static ModelDefinition definition(CheckpointFormat format, ConvNeXtConfig c, List<String> labels, Preprocessing pre,
                                      Weights w) {
        List<FeatureMap> maps = new ArrayList<>();
        List<String> blockMaps = new ArrayList<>();
        int grid = convOut(c.imageSize(), c.stemPatch(), c.stemPatch(), 0);
        maps.add(new FeatureMap(CapturePoints.STEM_CONV, c.dims()[0], grid, grid, false));
        maps.add(new FeatureMap(CapturePoints.STEM, c.dims()[0], grid, grid, false));
        for (int s = 0; s < c.depths().length; s++) {
            if (s > 0) {
                grid = convOut(grid, 2, 2, 0);
                maps.add(new FeatureMap(CapturePoints.stageInput(s + 1), c.dims()[s], grid, grid, false));
            }
            for (int j = 0; j < c.depths()[s]; j++) {
                maps.add(new FeatureMap(CapturePoints.stageBlock(s + 1, j), c.dims()[s], grid, grid, false));
                blockMaps.add(CapturePoints.stageBlock(s + 1, j));
            }
        }
        maps.add(new FeatureMap(CapturePoints.FEATURES, c.featureChannels(), grid, grid, false));
        Capabilities caps = new Capabilities(c.blocks(), maps, blockMaps, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Set.of(GradientRules.STANDARD));
        return new ModelDefinition("ConvNeXt", format.name(), labels, pre, c.imageSize(), c.imageSize(), caps, w,
                new Graphs(c, w));
    }

    /** A convolution's output size: ⌊(n + 2p − k) / s⌋ + 1. */
    static int convOut(int n, int k, int s, int p) {
        return (n + 2 * p - k) / s + 1;
    }
}
