package dev.xai4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.Preprocessing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Detects a checkpoint folder's format and reads its configuration, labels and preprocessing.
 * Whatever the weights can tell (depth, widths, grid, classes) is inferred from tensor names and
 * shapes; the configuration supplies only what they cannot (heads, LayerNorm eps, pooling).
 */
final class CheckpointLoader {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** timm architecture names whose head count the weights cannot tell: name prefix → heads. */
    private static final Map<String, Integer> TIMM_HEADS = Map.of(
            "vit_tiny", 3, "deit_tiny", 3, "vit_small", 6, "deit_small", 6,
            "vit_base", 12, "deit_base", 12, "vit_large", 16, "vit_huge", 16);

    private CheckpointLoader() {
    }

    /** Loads the spec of the checkpoint in {@code location}: a folder, or a .safetensors file in one. */
    static ModelSpec load(Path location) {
        Path dir = Files.isDirectory(location) ? location : location.getParent();
        if (!Files.exists(location)) {
            throw new CheckpointException("checkpoint not found: " + location);
        }
        Path weightsFile = Files.isRegularFile(location) ? location : dir.resolve("model.safetensors");
        if (!Files.exists(weightsFile)) {
            if (Files.exists(dir.resolve("pytorch_model.bin")) || Files.exists(dir.resolve("pytorch_model.pth"))) {
                throw new CheckpointException("no model.safetensors in " + dir
                        + ": only safetensors checkpoints are read (found a pickled PyTorch file; save it with"
                        + " safetensors.torch.save_file)");
            }
            throw new CheckpointException("no model.safetensors in " + dir);
        }
        JsonNode config = readJson(dir.resolve("config.json"));
        JsonNode preproc = readJson(dir.resolve("preprocessor_config.json"));
        String name = dir.getFileName() == null ? weightsFile.toString() : dir.getFileName().toString();
        SafetensorsFile file = SafetensorsFile.open(weightsFile);
        try {
            return detect(name, file, config, preproc);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static ModelSpec detect(String name, SafetensorsFile file, JsonNode config, JsonNode preproc) {
        String hfPrefix = file.contains("vit.embeddings.cls_token") ? "vit"
                : file.contains("deit.embeddings.cls_token") ? "deit" : null;
        if (hfPrefix != null) {
            return huggingFaceVit(name, file, hfPrefix, config, preproc);
        }
        if (file.contains("patch_embed.proj.weight")) {
            return timmVit(name, file, config);
        }
        if (file.contains("conv1.weight") && file.contains("layer1.0.conv1.weight") && file.contains("fc.weight")) {
            return resnet(name, file, config);
        }
        throw new CheckpointException("unrecognised checkpoint " + file.path() + ": expected Hugging Face ViT"
                + " (vit.embeddings.*), timm ViT (patch_embed.*) or torchvision ResNet (conv1, layer1..4, fc) tensor"
                + " names; first names: " + file.names().stream().limit(5).toList());
    }

    // ---------------------------------------------------------------- Hugging Face ViT / DeiT

    private static ModelSpec huggingFaceVit(String name, SafetensorsFile file, String p, JsonNode config, JsonNode preproc) {
        if (config == null) {
            throw new CheckpointException("Hugging Face checkpoint " + file.path() + " needs its config.json beside it");
        }
        String act = config.path("hidden_act").asText("gelu");
        if (!act.equals("gelu")) {
            throw new CheckpointException("config.json of " + file.path() + ": hidden_act '" + act
                    + "' is not supported (exact 'gelu' only)");
        }
        Weights w = new MappedWeights(file, canonical -> huggingFaceName(p, canonical, file));
        long[] pos = w.shape("pos_embed");
        long[] patch = w.shape("patch_embed.proj.weight");
        int d = (int) patch[0];
        int patchSize = (int) patch[2];
        int depth = countIndexed(file, Pattern.compile(Pattern.quote(p) + "\\.encoder\\.layer\\.(\\d+)\\."));
        int heads = config.path("num_attention_heads").asInt(0);
        if (heads <= 0) {
            throw new CheckpointException("config.json of " + file.path() + " lacks num_attention_heads");
        }
        boolean dist = w.has("dist_token");
        int prefix = 1 + (dist ? 1 : 0);
        int grid = gridFromPositions(file, pos[1], prefix);
        int mlp = (int) w.shape("blocks.0.mlp.fc1.weight")[0];
        int classes = (int) w.shape("head.weight")[0];
        double eps = config.path("layer_norm_eps").asDouble(1e-12);
        ViTConfig vc = new ViTConfig(grid * patchSize, patchSize, d, depth, heads, mlp, classes, eps, dist, 0, false);
        checkConfigured(file, "hidden_size", config, d);
        checkConfigured(file, "num_hidden_layers", config, depth);
        checkConfigured(file, "patch_size", config, patchSize);
        List<String> labels = labels(config, classes);
        Preprocessing pre = huggingFacePreprocessing(preproc, vc.imageSize());
        return new ModelSpec(name, CheckpointFormat.HUGGING_FACE_VIT, Architecture.VIT, vc, null, labels, pre, w);
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
        float[] mean = floats(pc.path("image_mean"), new float[]{0.5f, 0.5f, 0.5f});
        float[] std = floats(pc.path("image_std"), new float[]{0.5f, 0.5f, 0.5f});
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

    // ---------------------------------------------------------------- timm ViT / DeiT

    private static ModelSpec timmVit(String name, SafetensorsFile file, JsonNode config) {
        JsonNode args = config == null ? JSON.createObjectNode() : config.path("model_args");
        String arch = config == null ? "" : config.path("architecture").asText("");
        Weights w = new MappedWeights(file, c -> c) {
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
                Tensor fused = file.read(qkvName(c));
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
        int depth = countIndexed(file, Pattern.compile("blocks\\.(\\d+)\\."));
        boolean dist = file.contains("dist_token");
        int registers = file.contains("reg_token") ? (int) file.shape("reg_token")[1] : 0;
        boolean cls = file.contains("cls_token");
        if (!cls) {
            throw new CheckpointException("timm checkpoint " + file.path() + " has no cls_token: ViTs without a class token are not supported");
        }
        int prefix = 1 + (dist ? 1 : 0) + registers;
        long posLen = w.shape("pos_embed")[1];
        int grid = gridFromPositions(file, posLen, prefix);
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
        boolean avg = args.path("global_pool").asText("token").equals("avg");
        ViTConfig vc = new ViTConfig(grid * patchSize, patchSize, d, depth, heads, mlp, classes, 1e-6, dist, registers, avg);
        List<String> labels = labels(config, classes);
        Preprocessing pre = timmPreprocessing(config, vc.imageSize(), new float[]{0.5f, 0.5f, 0.5f}, new float[]{0.5f, 0.5f, 0.5f},
                Interpolation.BICUBIC, 0.9);
        return new ModelSpec(name, CheckpointFormat.TIMM_VIT, Architecture.VIT, vc, null, labels, pre, w);
    }

    private static boolean isQkvPart(String c) {
        return c.matches("blocks\\.\\d+\\.attn\\.[qkv]\\.(weight|bias)");
    }

    private static String qkvName(String c) {
        return c.replaceFirst("\\.attn\\.[qkv]\\.", ".attn.qkv.");
    }

    private static Preprocessing timmPreprocessing(JsonNode config, int size, float[] mean, float[] std,
                                                   Interpolation interp, double crop) {
        JsonNode pc = config == null ? null : config.path("pretrained_cfg");
        if (pc == null || !pc.isObject()) {
            return new Preprocessing(size, size, interp, crop, true, mean, std);
        }
        JsonNode in = pc.path("input_size");
        int h = in.isArray() && in.size() == 3 ? in.get(1).asInt(size) : size;
        int w = in.isArray() && in.size() == 3 ? in.get(2).asInt(size) : size;
        return new Preprocessing(h, w, Interpolation.fromName(pc.path("interpolation").asText(interp.name())),
                pc.path("crop_pct").asDouble(crop), true, floats(pc.path("mean"), mean), floats(pc.path("std"), std));
    }

    // ---------------------------------------------------------------- ResNet

    private static ModelSpec resnet(String name, SafetensorsFile file, JsonNode config) {
        Weights w = new MappedWeights(file, c -> c);
        boolean bottleneck = file.contains("layer1.0.conv3.weight");
        List<Integer> blocks = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        for (int s = 1; file.contains("layer" + s + ".0.conv1.weight"); s++) {
            blocks.add(countIndexed(file, Pattern.compile("layer" + s + "\\.(\\d+)\\.")));
            widths.add((int) file.shape("layer" + s + ".0.conv1.weight")[0]);
        }
        int stem = (int) file.shape("conv1.weight")[0];
        int classes = (int) file.shape("fc.weight")[0];
        int size = 224;
        if (config != null && config.path("pretrained_cfg").path("input_size").isArray()) {
            size = config.path("pretrained_cfg").path("input_size").get(1).asInt(224);
        }
        ResNetConfig rc = new ResNetConfig(bottleneck, blocks.stream().mapToInt(Integer::intValue).toArray(),
                widths.stream().mapToInt(Integer::intValue).toArray(), stem, classes, size);
        List<String> labels = labels(config, classes);
        Preprocessing pre = timmPreprocessing(config, size, Preprocessing.IMAGENET_MEAN, Preprocessing.IMAGENET_STD,
                Interpolation.BILINEAR, 0.875);
        return new ModelSpec(name, CheckpointFormat.TORCHVISION_RESNET, Architecture.RESNET, null, rc, labels, pre, w);
    }

    // ---------------------------------------------------------------- shared

    private static JsonNode readJson(Path p) {
        if (!Files.exists(p)) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(p.toFile());
            if (n == null || !n.isObject()) {
                throw new CheckpointException("invalid " + p.getFileName() + " in " + p.getParent() + ": not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new CheckpointException("invalid " + p.getFileName() + " in " + p.getParent() + ": " + e.getMessage(), e);
        }
    }

    private static int countIndexed(SafetensorsFile file, Pattern p) {
        int max = -1;
        for (String n : file.names()) {
            Matcher m = p.matcher(n);
            if (m.lookingAt()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        if (max < 0) {
            throw new CheckpointException("no tensors matching " + p.pattern() + " in " + file.path());
        }
        return max + 1;
    }

    private static int gridFromPositions(SafetensorsFile file, long positions, int prefix) {
        for (long patches : new long[]{positions - prefix, positions}) {
            long g = Math.round(Math.sqrt(patches));
            if (g > 0 && g * g == patches) {
                return (int) g;
            }
        }
        throw new CheckpointException("position embeddings of " + file.path() + " hold " + positions
                + " tokens, which is not " + prefix + " prefix tokens plus a square grid");
    }

    private static void checkConfigured(SafetensorsFile file, String key, JsonNode config, int actual) {
        if (config.has(key) && config.get(key).asInt() != actual) {
            throw new CheckpointException("config.json of " + file.path() + " says " + key + " = "
                    + config.get(key).asInt() + " but the weights have " + actual);
        }
    }

    private static List<String> labels(JsonNode config, int classes) {
        String[] out = new String[classes];
        if (config != null && config.path("id2label").isObject()) {
            config.get("id2label").fields().forEachRemaining(e -> {
                int i = Integer.parseInt(e.getKey());
                if (i >= 0 && i < classes) {
                    out[i] = e.getValue().asText();
                }
            });
        } else if (config != null && config.path("label_names").isArray()) {
            JsonNode ln = config.get("label_names");
            for (int i = 0; i < Math.min(classes, ln.size()); i++) {
                out[i] = ln.get(i).asText();
            }
        }
        for (int i = 0; i < classes; i++) {
            if (out[i] == null) {
                out[i] = "class_" + i;
            }
        }
        return List.of(out);
    }

    private static float[] floats(JsonNode n, float[] fallback) {
        if (!n.isArray() || n.size() != 3) {
            return fallback;
        }
        return new float[]{(float) n.get(0).asDouble(), (float) n.get(1).asDouble(), (float) n.get(2).asDouble()};
    }

    /** Weights read from one file through a canonical-to-stored name mapping. */
    static class MappedWeights implements Weights {
        private final SafetensorsFile file;
        private final java.util.function.UnaryOperator<String> map;

        MappedWeights(SafetensorsFile file, java.util.function.UnaryOperator<String> map) {
            this.file = file;
            this.map = map;
        }

        @Override
        public boolean has(String name) {
            return file.contains(map.apply(name));
        }

        @Override
        public long[] shape(String name) {
            String stored = map.apply(name);
            return file.contains(stored) ? file.shape(stored) : null;
        }

        @Override
        public Tensor get(String name, long... expected) {
            String stored = map.apply(name);
            return check(name, stored, file.read(stored), expected);
        }

        Tensor check(String name, String stored, Tensor t, long... expected) {
            if (expected.length > 0 && !Arrays.equals(t.shape(), expected)) {
                // torchvision stores scalars such as num_batches_tracked as [1] or []; flat vectors may come as [n,1]
                if (Tensor.elementCount(expected) != t.data().length || expected.length > 1) {
                    throw new CheckpointException("tensor '" + stored + "' in " + file.path() + " has shape "
                            + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(expected));
                }
                return new Tensor(t.data(), expected.clone());
            }
            return t;
        }

        SafetensorsFile file() {
            return file;
        }

        @Override
        public String toString() {
            return file.path().toString();
        }
    }
}
