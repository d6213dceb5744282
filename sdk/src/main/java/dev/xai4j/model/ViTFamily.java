package dev.xai4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.Preprocessing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Vision Transformers: Hugging Face {@code ViTForImageClassification} / DeiT ({@code vit.embeddings.*})
 * and timm ViT/DeiT/DINOv2 ({@code patch_embed.*}, fused {@code qkv}, distillation and register tokens,
 * LayerScale, position embeddings for the patches only). Depth, width, grid, classes, registers and
 * LayerScale come from the weights; {@code config.json} supplies heads and the LayerNorm epsilon. At
 * an input size other than the checkpoint's ({@link Checkpoint#inputSize()}) the position embeddings
 * are resampled ({@link ResampledPositions}).
 */
final class ViTFamily implements ModelFamily {

    /** timm architecture names whose head count the weights cannot tell: name prefix → heads. */
    private static final Map<String, Integer> TIMM_HEADS = Map.of(
            "vit_tiny", 3, "deit_tiny", 3, "vit_small", 6, "deit_small", 6,
            "vit_base", 12, "deit_base", 12, "vit_large", 16, "vit_huge", 16);

    /** The graphs of one ViT; {@link TrainingGraph#read} reads its configuration from here. */
    record Graphs(ViTConfig config, Weights weights) implements ModelDefinition.GraphFactory {
        @Override
        public GraphBuilder builder(GradientRules rules) {
            return new ViTGraphBuilder(config, weights, false, rules);
        }
    }

    @Override
    public String name() {
        return "vit";
    }

    @Override
    public String describeFormat() {
        return "Hugging Face ViT (vit.embeddings.*), timm ViT (patch_embed.*)";
    }

    @Override
    public Optional<ModelDefinition> recognize(Checkpoint cp) {
        String hfPrefix = cp.contains("vit.embeddings.cls_token") ? "vit"
                : cp.contains("deit.embeddings.cls_token") ? "deit" : null;
        if (hfPrefix != null) {
            return Optional.of(huggingFaceVit(cp, hfPrefix, cp.config().orElse(null), cp.preprocessorConfig().orElse(null)));
        }
        if (cp.contains("patch_embed.proj.weight")) {
            return Optional.of(timmVit(cp, cp.config().orElse(null)));
        }
        return Optional.empty();
    }

    /** The definition of a ViT of this configuration and weights. */
    static ModelDefinition definition(CheckpointFormat format, ViTConfig vc, List<String> labels, Preprocessing pre, Weights w) {
        TokenLayout tokens = vc.tokenLayout();
        List<FeatureMap> maps = new ArrayList<>();
        List<String> blockMaps = new ArrayList<>();
        for (int l = 0; l < vc.depth(); l++) {
            maps.add(new FeatureMap(CapturePoints.blockNorm1(l), vc.hiddenSize(), tokens.gridHeight(), tokens.gridWidth(), true));
            blockMaps.add(CapturePoints.blockNorm1(l));
        }
        Capabilities caps = new Capabilities(vc.depth(), maps, blockMaps, Optional.of(tokens),
                Optional.of(new Capabilities.SelfAttention(vc.heads(), vc.patchSize())), Optional.empty(),
                Optional.of("pos_embed"), Set.of(GradientRules.STANDARD, GradientRules.ATTN_LRP, GradientRules.CP_LRP));
        return new ModelDefinition("ViT", format.name(), labels, pre, vc.imageSize(), vc.imageSize(), caps, w, new Graphs(vc, w));
    }


    private static ModelDefinition huggingFaceVit(Checkpoint cp, String p, JsonNode config, JsonNode preproc) {
        SafetensorsFile file = cp.file();
        if (config == null) {
            throw new CheckpointException("Hugging Face checkpoint " + file.path() + " needs its config.json beside it");
        }
        String act = config.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) {
            throw new CheckpointException("config.json of " + file.path() + ": hidden_act '" + act
                    + "' is not supported (exact 'gelu' only)");
        }
        Weights w = cp.weights(canonical -> huggingFaceName(p, canonical, file));
        long[] pos = w.shape("pos_embed");
        long[] patch = w.shape("patch_embed.proj.weight");
        int d = (int) patch[0];
        int patchSize = (int) patch[2];
        int depth = cp.countIndexed(Pattern.compile(Pattern.quote(p) + "\\.encoder\\.layer\\.(\\d+)\\."));
        int heads = config.path("num_attention_heads").asInt(0);
        if (heads <= 0) {
            throw new CheckpointException("config.json of " + file.path() + " lacks num_attention_heads");
        }
        boolean dist = w.has("dist_token");
        int prefix = 1 + (dist ? 1 : 0);
        int grid = squareGrid(cp, pos[1] - prefix, pos[1] + " position embeddings, " + prefix + " of them for prefix tokens");
        int mlp = (int) w.shape("blocks.0.mlp.fc1.weight")[0];
        int classes = (int) w.shape("head.weight")[0];
        double eps = config.path("layer_norm_eps").asDouble(1e-12);
        ViTConfig vc = new ViTConfig(grid * patchSize, patchSize, d, depth, heads, mlp, classes, eps, dist, 0, false);
        CheckpointLoader.checkConfigured(file, "hidden_size", config, d);
        CheckpointLoader.checkConfigured(file, "num_hidden_layers", config, depth);
        CheckpointLoader.checkConfigured(file, "patch_size", config, patchSize);
        List<String> labels = cp.labels(classes);
        int size = runSize(cp, vc);
        Preprocessing pre = huggingFacePreprocessing(preproc, vc.imageSize());
        if (size != vc.imageSize()) {
            pre = pre.withSize(size, size);
        }
        return definition(CheckpointFormat.HUGGING_FACE_VIT, vc.withImageSize(size), labels, pre, resampled(w, vc, size));
    }

    /** The input side to run at: the one the caller asked for, else the checkpoint's own. */
    private static int runSize(Checkpoint cp, ViTConfig vc) {
        int size = cp.inputSize().orElse(vc.imageSize());
        if (size % vc.patchSize() != 0) {
            throw new IllegalArgumentException("input size " + size + " is not a multiple of the patch size "
                    + vc.patchSize() + " of model " + cp.name() + " (its own size is " + vc.imageSize() + ")");
        }
        return size;
    }

    /** The weights for running {@code vc}'s checkpoint at {@code size}: its position embeddings resampled where the grid changes. */
    private static Weights resampled(Weights w, ViTConfig vc, int size) {
        if (size == vc.imageSize()) {
            return w;
        }
        int prefix = vc.patchPositionsOnly() ? 0 : vc.tokenLayout().prefixTokens();
        return new ResampledPositions(w, prefix, vc.gridSize(), size / vc.patchSize(), vc.hiddenSize());
    }

    /** The side of a square grid of {@code patches} cells. */
    private static int squareGrid(Checkpoint cp, long patches, String what) {
        long g = Math.round(Math.sqrt(Math.max(patches, 0)));
        if (g <= 0 || g * g != patches) {
            throw cp.error(what + ": " + patches + " patch positions, which is not a square grid");
        }
        return (int) g;
    }

    /** The Hugging Face name of a canonical parameter; {@code file} (nullable) tells DeiT's two heads apart. */
    static String huggingFaceName(String p, String c, SafetensorsFile file) {
        String e = p + ".embeddings.";
        switch (c) {
            case "cls_token": return e + "cls_token";
            case "dist_token": return e + "distillation_token";
            case "pos_embed": return e + "position_embeddings";
            case "patch_embed.proj.weight": return e + "patch_embeddings.projection.weight";
            case "patch_embed.proj.bias": return e + "patch_embeddings.projection.bias";
            case "norm.weight": return p + ".layernorm.weight";
            case "norm.bias": return p + ".layernorm.bias";
            default: break;
        }
        if (c.startsWith("head.")) {
            boolean deitHeads = file != null && file.contains("cls_classifier.weight");
            return (deitHeads ? "cls_classifier." : "classifier.") + c.substring(5);
        }
        if (c.startsWith("head_dist.")) {
            return "distillation_classifier." + c.substring(10);
        }
        Matcher m = Pattern.compile("blocks\\.(\\d+)\\.(.+)").matcher(c);
        if (m.matches()) {
            String l = p + ".encoder.layer." + m.group(1) + ".";
            String rest = m.group(2);
            String[] parts = rest.split("\\.");
            String leaf = parts[parts.length - 1];
            String module = rest.substring(0, rest.length() - leaf.length() - 1);
            String mapped = switch (module) {
                case "norm1" -> "layernorm_before";
                case "norm2" -> "layernorm_after";
                case "attn.q" -> "attention.attention.query";
                case "attn.k" -> "attention.attention.key";
                case "attn.v" -> "attention.attention.value";
                case "attn.proj" -> "attention.output.dense";
                case "mlp.fc1" -> "intermediate.dense";
                case "mlp.fc2" -> "output.dense";
                default -> module;
            };
            return l + mapped + "." + leaf;
        }
        return c;
    }

    private static Preprocessing huggingFacePreprocessing(JsonNode pc, int imageSize) {
        if (pc == null) {
            return new Preprocessing(imageSize, imageSize, Interpolation.BILINEAR, 1.0, false,
                    new float[]{0.5f, 0.5f, 0.5f}, new float[]{0.5f, 0.5f, 0.5f});
        }
        float[] mean = CheckpointLoader.floats(pc.path("image_mean"), new float[]{0.5f, 0.5f, 0.5f});
        float[] std = CheckpointLoader.floats(pc.path("image_std"), new float[]{0.5f, 0.5f, 0.5f});
        if (!pc.path("do_normalize").asBoolean(true)) {
            mean = new float[]{0, 0, 0};
            std = new float[]{1, 1, 1};
        }
        Interpolation interp = Interpolation.fromPilCode(pc.path("resample").asInt(2));
        int h = imageSize;
        int w = imageSize;
        double crop = 1.0;
        JsonNode size = pc.path("size");
        JsonNode cropSize = pc.path("crop_size");
        if (pc.path("do_center_crop").asBoolean(false) && cropSize.isObject()) {
            // DeiT: resize to `size`, then crop `crop_size` from the centre
            h = cropSize.path("height").asInt(imageSize);
            w = cropSize.path("width").asInt(imageSize);
            int resized = size.isObject() ? size.path("height").asInt(size.path("shortest_edge").asInt(h)) : size.asInt(h);
            crop = Math.min(1.0, (double) h / resized);
        } else if (size.isObject() && size.has("height")) {
            h = size.path("height").asInt(imageSize);
            w = size.path("width").asInt(imageSize);
        } else if (size.isInt()) {
            h = w = size.asInt();
        }
        return new Preprocessing(h, w, interp, crop, false, mean, std);
    }


    private static ModelDefinition timmVit(Checkpoint cp, JsonNode config) {
        SafetensorsFile file = cp.file();
        JsonNode args = config == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : config.path("model_args");
        String arch = config == null ? "" : config.path("architecture").asText("");
        requireSupportedTimmArgs(cp, args);
        Weights w = new CheckpointLoader.MappedWeights(cp, c -> c) {
            @Override
            public boolean has(String c) {
                return super.has(c) || (isQkvPart(c) && file.contains(qkvName(c)));
            }

            @Override
            public long[] shape(String c) {
                long[] s = super.shape(c);
                if (s == null && isQkvPart(c) && file.contains(qkvName(c))) {
                    s = file.shape(qkvName(c));
                    s[0] /= 3;
                }
                return s;
            }

            @Override
            public Tensor get(String c, long... expected) {
                if (file.contains(c) || !isQkvPart(c)) {
                    return super.get(c, expected);
                }
                // timm fuses q, k, v into one projection; rows are [q; k; v]
                Tensor fused = read(qkvName(c));
                int part = "qkv".indexOf(c.charAt(c.indexOf(".attn.") + 6));
                long rows = fused.shape()[0] / 3;
                int rowLen = fused.shape().length > 1 ? (int) fused.shape()[1] : 1;
                float[] out = Arrays.copyOfRange(fused.data(), (int) (part * rows * rowLen), (int) ((part + 1) * rows * rowLen));
                long[] shape = fused.shape().clone();
                shape[0] = rows;
                return check(c, qkvName(c), new Tensor(out, shape), expected);
            }
        };
        long[] patch = w.shape("patch_embed.proj.weight");
        int d = (int) patch[0];
        int patchSize = (int) patch[2];
        int depth = cp.countIndexed(Pattern.compile("blocks\\.(\\d+)\\."));
        boolean dist = file.contains("dist_token");
        int registers = file.contains("reg_token") ? (int) file.shape("reg_token")[1] : 0;
        boolean cls = file.contains("cls_token");
        if (!cls) {
            throw new CheckpointException("timm checkpoint " + file.path() + " has no cls_token: ViTs without a class token are not supported");
        }
        int prefix = 1 + (dist ? 1 : 0) + registers;
        long posLen = w.shape("pos_embed")[1];
        boolean patchPositionsOnly = patchPositionsOnly(cp, args, posLen, prefix);
        int grid = squareGrid(cp, patchPositionsOnly ? posLen : posLen - prefix, "pos_embed holds " + posLen + " positions"
                + (patchPositionsOnly ? " for the patches only (no_embed_class)" : ", " + prefix + " of them for prefix tokens"));
        int heads = args.path("num_heads").asInt(0);
        if (heads <= 0) {
            heads = TIMM_HEADS.entrySet().stream().filter(e -> arch.startsWith(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse(d % 64 == 0 ? d / 64 : 0);
        }
        if (heads <= 0) {
            throw new CheckpointException("cannot tell the number of attention heads of " + file.path()
                    + ": give model_args.num_heads in config.json");
        }
        int mlp = (int) w.shape("blocks.0.mlp.fc1.weight")[0];
        int classes = (int) w.shape("head.weight")[0];
        String pool = args.path("global_pool").asText(config == null ? "token" : config.path("global_pool").asText("token"));
        if (!pool.equals("token") && !pool.equals("avg")) {
            throw cp.error("global_pool '" + pool + "' is not supported (token or avg)");
        }
        boolean layerScale = file.contains("blocks.0.ls1.gamma");
        ViTConfig vc = new ViTConfig(grid * patchSize, patchSize, d, depth, heads, mlp, classes, 1e-6, dist, registers,
                pool.equals("avg"), layerScale, patchPositionsOnly);
        checkTimmArg(cp, args, "embed_dim", d);
        checkTimmArg(cp, args, "depth", depth);
        checkTimmArg(cp, args, "patch_size", patchSize);
        checkTimmArg(cp, args, "reg_tokens", registers);
        checkTimmArg(cp, args, "img_size", vc.imageSize());
        List<String> labels = cp.labels(classes);
        int size = runSize(cp, vc);
        Preprocessing pre = CheckpointLoader.timmPreprocessing(config, vc.imageSize(), new float[]{0.5f, 0.5f, 0.5f}, new float[]{0.5f, 0.5f, 0.5f},
                Interpolation.BICUBIC, 0.9);
        pre = pre.withSize(size, size);
        return definition(CheckpointFormat.TIMM_VIT, vc.withImageSize(size), labels, pre, resampled(w, vc, size));
    }

    /**
     * Whether timm's {@code pos_embed} covers the patches only ({@code no_embed_class}): as
     * {@code model_args} says, else as its length tells (prefix + g² or g²).
     */
    private static boolean patchPositionsOnly(Checkpoint cp, JsonNode args, long positions, int prefix) {
        if (args.has("no_embed_class")) {
            return args.get("no_embed_class").asBoolean();
        }
        boolean withPrefix = isSquare(positions - prefix);
        boolean patchesOnly = isSquare(positions);
        if (withPrefix && patchesOnly) {
            throw cp.error("pos_embed holds " + positions + " positions: a square grid with or without the " + prefix
                    + " prefix tokens; give model_args.no_embed_class in config.json");
        }
        return patchesOnly;
    }

    private static boolean isSquare(long n) {
        long g = Math.round(Math.sqrt(Math.max(n, 0)));
        return g > 0 && g * g == n;
    }

    /**
     * Refuses {@code model_args} that change what a timm ViT computes in ways its tensors do not show
     * (the others show in the tensors: a module the builder does not read makes loading fail).
     */
    private static void requireSupportedTimmArgs(Checkpoint cp, JsonNode args) {
        String act = args.path("act_layer").asText("gelu");
        if (!act.equals("gelu")) {
            throw cp.error("model_args.act_layer '" + act + "' is not supported (exact gelu only)");
        }
        if (args.path("dynamic_img_pad").asBoolean(false)) {
            throw cp.error("model_args.dynamic_img_pad is not supported: give an input size that is a multiple of the patch size");
        }
        if (!args.path("class_token").asBoolean(true)) {
            throw cp.error("model_args.class_token = false is not supported: ViTs without a class token");
        }
        JsonNode pos = args.path("pos_embed");
        if (!pos.isMissingNode() && !pos.asText().equals("learn")) {
            throw cp.error("model_args.pos_embed '" + pos.asText() + "' is not supported (learned position embeddings only)");
        }
    }

    /** Checks an integer of {@code model_args} (or both sides of an [h, w] pair) against what the weights give. */
    private static void checkTimmArg(Checkpoint cp, JsonNode args, String key, int actual) {
        JsonNode v = args.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return;
        }
        List<JsonNode> values = v.isArray() ? List.of(v.get(0), v.get(v.size() - 1)) : List.of(v);
        for (JsonNode x : values) {
            if (x == null || x.asInt() != actual) {
                throw cp.error("config.json says model_args." + key + " = " + v + " but the weights give " + actual);
            }
        }
    }

    private static boolean isQkvPart(String c) {
        return c.matches("blocks\\.\\d+\\.attn\\.[qkv]\\.(weight|bias)");
    }

    private static String qkvName(String c) {
        return c.replaceFirst("\\.attn\\.[qkv]\\.", ".attn.qkv.");
    }

}
