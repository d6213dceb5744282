package dev.xai4j.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xai4j.image.Preprocessing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a built-in family's parameters as a checkpoint folder in a public layout that
 * {@link VisionModel#load} (and the Python libraries) read: {@code model.safetensors} and its
 * configuration. The names are the inverse of the family's own reading, so what is written loads back
 * unchanged.
 */
public final class CheckpointWriter {

    private CheckpointWriter() {
    }

    /**
     * A ViT in Hugging Face {@code ViTForImageClassification} layout: {@code model.safetensors},
     * {@code config.json} and {@code preprocessor_config.json}.
     *
     * @param parameters canonical name (timm naming, {@code attn.q/k/v} split) → tensor in PyTorch layout
     * @param labels     class names by index
     * @param pre        how images become input tensors
     * @throws UncheckedIOException if the folder cannot be written
     */
    public static void write(Path dir, ViTConfig config, Map<String, Tensor> parameters, List<String> labels,
                             Preprocessing pre) {
        ObjectMapper json = new ObjectMapper();
        try {
            Files.createDirectories(dir);
            Map<String, Tensor> hf = new LinkedHashMap<>();
            parameters.forEach((k, v) -> hf.put(ViTFamily.huggingFaceName("vit", k, null), v));
            SafetensorsWriter.write(dir.resolve("model.safetensors"), hf, Map.of("format", "pt"));
            ObjectNode c = json.createObjectNode();
            c.putArray("architectures").add("ViTForImageClassification");
            c.put("model_type", "vit");
            c.put("hidden_size", config.hiddenSize());
            c.put("num_hidden_layers", config.depth());
            c.put("num_attention_heads", config.heads());
            c.put("intermediate_size", config.mlpSize());
            c.put("hidden_act", "gelu");
            c.put("layer_norm_eps", config.layerNormEps());
            c.put("image_size", config.imageSize());
            c.put("patch_size", config.patchSize());
            c.put("num_channels", 3);
            c.put("qkv_bias", true);
            ObjectNode id2label = c.putObject("id2label");
            ObjectNode label2id = c.putObject("label2id");
            for (int i = 0; i < labels.size(); i++) {
                id2label.put(String.valueOf(i), labels.get(i));
                label2id.put(labels.get(i), i);
            }
            json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), c);
            ObjectNode p = json.createObjectNode();
            p.put("do_normalize", true).put("do_rescale", true).put("do_resize", true);
            p.putArray("image_mean").add(pre.mean()[0]).add(pre.mean()[1]).add(pre.mean()[2]);
            p.putArray("image_std").add(pre.std()[0]).add(pre.std()[1]).add(pre.std()[2]);
            p.put("image_processor_type", "ViTImageProcessor");
            p.put("resample", 2);
            p.put("rescale_factor", 1 / 255.0);
            p.putObject("size").put("height", pre.height()).put("width", pre.width());
            json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("preprocessor_config.json").toFile(), p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + dir, e);
        }
    }

    /**
     * A ResNet in torchvision layout with a timm-style {@code config.json} (class names and
     * preprocessing under {@code pretrained_cfg}).
     *
     * @param parameters canonical (torchvision) name → tensor, batch-norm running statistics included
     * @param labels     class names by index
     * @param pre        how images become input tensors
     * @throws UncheckedIOException if the folder cannot be written
     */
    public static void write(Path dir, ResNetConfig config, Map<String, Tensor> parameters, List<String> labels,
                             Preprocessing pre) {
        ObjectMapper json = new ObjectMapper();
        try {
            Files.createDirectories(dir);
            SafetensorsWriter.write(dir.resolve("model.safetensors"), parameters, Map.of("format", "pt"));
            ObjectNode c = json.createObjectNode();
            c.put("architecture", "resnet-custom");
            c.put("num_classes", config.numClasses());
            var names = c.putArray("label_names");
            labels.forEach(names::add);
            ObjectNode p = c.putObject("pretrained_cfg");
            p.putArray("input_size").add(3).add(pre.height()).add(pre.width());
            p.put("interpolation", pre.interpolation().name().toLowerCase(Locale.ROOT));
            p.put("crop_pct", pre.cropPct());
            p.putArray("mean").add(pre.mean()[0]).add(pre.mean()[1]).add(pre.mean()[2]);
            p.putArray("std").add(pre.std()[0]).add(pre.std()[1]).add(pre.std()[2]);
            p.put("num_classes", config.numClasses());
            json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), c);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + dir, e);
        }
    }
}
