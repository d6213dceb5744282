package dev.xai4j.model;

import dev.xai4j.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Format detection, variants of the public layouts, and the errors a broken checkpoint gets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CheckpointLoaderTest {

    @TempDir
    Path dir;

    private VisionModel hf;
    private Tensor pixels;

    @BeforeAll
    void loadReference() {
        hf = VisionModel.load(Fixtures.model("vit-tiny-hf"));
        Tensor p = Fixtures.cases().get(0).expected("pixel_values");
        pixels = p.reshape(1, 3, 64, 64);
    }

    @AfterAll
    void close() {
        hf.close();
    }

    static Map<String, Tensor> tensors(Path model) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(model.resolve("model.safetensors"))) {
            for (String n : f.names()) {
                if (!f.entry(n).dtype().equals("I64")) {
                    out.put(n, f.read(n));
                }
            }
        }
        return out;
    }

    /** Copies a fixture model folder, letting {@code edit} change its tensors. */
    Path variant(String fixture, String name, Consumer<Map<String, Tensor>> edit) throws IOException {
        Path out = Files.createDirectories(dir.resolve(name));
        try (var files = Files.list(Fixtures.model(fixture))) {
            for (Path f : files.toList()) {
                if (f.getFileName().toString().endsWith(".json")) {
                    Files.copy(f, out.resolve(f.getFileName()));
                }
            }
        }
        Map<String, Tensor> t = tensors(Fixtures.model(fixture));
        edit.accept(t);
        SafetensorsWriter.write(out.resolve("model.safetensors"), t, Map.of("format", "pt"));
        return out;
    }

    private float[] logits(VisionModel m) {
        return m.run(PassRequest.forward(pixels, Set.of())).logits().data();
    }

    @Test
    void detectsFormatsAndReadsLabelsAndPreprocessing() {
        ModelInfo i = hf.info();
        assertEquals(CheckpointFormat.HUGGING_FACE_VIT.name(), i.format());
        assertEquals("ViT", i.family());
        assertEquals(java.util.List.of("disc", "square", "stripes", "ring", "cross"), i.labels());
        assertEquals(65, i.capabilities().tokens().orElseThrow().tokenCount());
        assertEquals(8, i.capabilities().tokens().orElseThrow().gridWidth());
        assertEquals(4, i.capabilities().attention().orElseThrow().heads());
        assertEquals(1e-12, hf.spec().vit().layerNormEps());
        assertTrue(i.capturePoints().containsAll(Set.of("blocks.3.attention", "blocks.0.norm1", "embeddings.patches", "logits")));
        assertEquals(3, i.labelIndex("RING"));
        assertThrows(IllegalArgumentException.class, () -> i.labelIndex("giraffe"));
        try (VisionModel timm = VisionModel.load(Fixtures.model("vit-tiny-timm"));
             VisionModel rn = VisionModel.load(Fixtures.model("resnet-tiny-bottleneck").resolve("model.safetensors"))) {
            assertEquals(CheckpointFormat.TIMM_VIT.name(), timm.info().format());
            assertEquals(1e-6, timm.spec().vit().layerNormEps());
            assertEquals(dev.xai4j.image.Interpolation.BICUBIC, timm.preprocessing().interpolation());
            assertEquals(CheckpointFormat.TORCHVISION_RESNET.name(), rn.info().format());
            assertTrue(rn.spec().resnet().bottleneck());
            assertArrayEquals(new int[]{8, 16, 32, 64}, rn.spec().resnet().widths());
            assertEquals(256, rn.spec().resnet().featureChannels());
            assertEquals(128, rn.info().inputHeight());
            assertTrue(rn.info().capturePoints().containsAll(Set.of("layer4.0.conv2", "layer4.0", "features", "conv1")));
        }
    }

    @Test
    void readsBf16CheckpointsAndTheDeitPrefix() throws IOException {
        Path deit = variant("vit-tiny-hf", "deit", t -> {
            Map<String, Tensor> renamed = new LinkedHashMap<>();
            t.forEach((k, v) -> renamed.put(k.startsWith("vit.") ? "deit." + k.substring(4) : k, v));
            t.clear();
            t.putAll(renamed);
        });
        try (VisionModel m = VisionModel.load(deit)) {
            assertArrayEquals(logits(hf), logits(m), 1e-6f);
        }
        // A BF16 file must give exactly what an F32 file holding the same bf16-rounded values gives.
        Path bf16 = Files.createDirectories(dir.resolve("bf16"));
        Files.copy(Fixtures.model("vit-tiny-hf").resolve("config.json"), bf16.resolve("config.json"));
        writeBf16(bf16.resolve("model.safetensors"), tensors(Fixtures.model("vit-tiny-hf")));
        Path rounded = variant("vit-tiny-hf", "rounded", t -> t.replaceAll((k, v) -> {
            float[] r = v.data().clone();
            for (int i = 0; i < r.length; i++) {
                r[i] = Float.intBitsToFloat(toBf16(r[i]) << 16);
            }
            return new Tensor(r, v.shape());
        }));
        try (VisionModel m = VisionModel.load(bf16); VisionModel f32 = VisionModel.load(rounded)) {
            assertArrayEquals(logits(f32), logits(m), 1e-6f);
            float[] ref = logits(hf);
            float[] got = logits(m);
            for (int i = 0; i < ref.length; i++) {
                assertEquals(ref[i], got[i], 0.1, "bf16 stays near the f32 logit " + i);
            }
        }
    }

    /** Round-to-nearest-even float → bfloat16 bits. */
    static int toBf16(float v) {
        int bits = Float.floatToIntBits(v);
        return ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16) & 0xFFFF;
    }

    @Test
    void resnetWithoutConfigUsesImagenetDefaults() throws IOException {
        Path bare = Files.createDirectories(dir.resolve("bare"));
        Files.copy(Fixtures.model("resnet-tiny-basic").resolve("model.safetensors"), bare.resolve("model.safetensors"));
        try (VisionModel m = VisionModel.load(bare)) {
            assertEquals(224, m.info().inputHeight());
            assertEquals("class_0", m.info().labels().get(0));
            assertEquals(0.875, m.preprocessing().cropPct());
        }
    }

    private static void assertRefused(Path model, String... fragments) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> VisionModel.load(model).close());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' in: " + e.getMessage());
        }
    }

    @Test
    void namesTheProblemOfBrokenCheckpoints() throws IOException {
        assertRefused(dir.resolve("nowhere"), "not found");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertRefused(empty, "no model.safetensors");
        Files.write(empty.resolve("pytorch_model.bin"), new byte[]{1});
        assertRefused(empty, "only safetensors");

        assertRefused(variant("vit-tiny-timm", "missing", t -> t.remove("blocks.2.norm1.weight")),
                "blocks.2.norm1.weight", "model.safetensors");
        assertRefused(variant("vit-tiny-timm", "shape", t -> t.put("blocks.1.mlp.fc2.weight", Tensor.of(new float[48 * 95], 48, 95))),
                "blocks.1.mlp.fc2.weight", "[48, 95]", "expected [48, 96]");
        assertRefused(variant("resnet-tiny-basic", "nods", t -> t.keySet().removeIf(k -> k.startsWith("layer3.0.downsample"))),
                "layer3.0", "downsample");
        assertRefused(variant("resnet-tiny-basic", "unknown", t -> {
            Tensor w = t.get("fc.weight");
            t.clear();
            t.put("dense.kernel", w);
        }), "unrecognised checkpoint", "dense.kernel");
        Path badConfig = variant("vit-tiny-hf", "badcfg", t -> { });
        Files.writeString(badConfig.resolve("config.json"), "{\"hidden_size\": 48, \"num_attention_heads\": ");
        assertRefused(badConfig, "config.json");
        Files.writeString(badConfig.resolve("config.json"), "{\"hidden_size\": 64, \"num_attention_heads\": 4}");
        assertRefused(badConfig, "hidden_size = 64", "48");
        Files.writeString(badConfig.resolve("config.json"), "{\"hidden_size\": 48}");
        assertRefused(badConfig, "num_attention_heads");
    }

    /** A tensor the model does not read is refused by name, never dropped: the model would compute something else. */
    @Test
    void refusesTensorsTheModelDoesNotUse() throws IOException {
        assertRefused(variant("vit-tiny-timm", "fcnorm", t -> t.put("fc_norm.weight", Tensor.of(new float[48], 48))),
                "fc_norm.weight", "not used");
        assertRefused(variant("vit-tiny-hf", "qnorm", t -> t.put("vit.encoder.layer.1.attention.attention.q_norm.weight",
                Tensor.of(new float[12], 12))), "vit.encoder.layer.1.attention.attention.q_norm.weight", "not used");
        // LayerScale in some blocks only: the first block decides, the others' factors are left over
        assertRefused(variant("dinov2-tiny-timm", "ls", t -> t.keySet().removeIf(k -> k.startsWith("blocks.0.ls"))),
                "blocks.1.ls1.gamma", "not used", "6 tensors unused");
        // the fixture's num_batches_tracked counters (I64) are buffers of batch norms the graph reads; a
        // counter of no batch norm, or a convolution bias beside its batch norm, is not
        assertRefused(variant("resnet-tiny-basic", "orphan", t -> t.put("bn9.num_batches_tracked", Tensor.of(new float[]{3}, 1))),
                "bn9.num_batches_tracked");
        assertRefused(variant("resnet-tiny-basic", "convbias", t -> t.put("layer2.0.conv1.bias", Tensor.of(new float[16], 16))),
                "layer2.0.conv1.bias", "not used");
        try (VisionModel withCounters = VisionModel.load(Fixtures.model("resnet-tiny-basic"))) {
            assertEquals(CheckpointFormat.TORCHVISION_RESNET.name(), withCounters.info().format());
        }
    }

    @Test
    void runsAtTheInputSizeAsked() {
        // a ViT at another size: grid, tokens and preprocessing follow, position embeddings resampled
        try (VisionModel vit = VisionModel.load(Fixtures.model("vit-tiny-hf"), 96)) {
            assertEquals(96, vit.info().inputHeight());
            assertEquals(96, vit.preprocessing().height());
            assertEquals(145, vit.info().capabilities().tokens().orElseThrow().tokenCount());
            assertArrayEquals(new long[]{1, 145, 48}, vit.parameter("pos_embed").shape());
            float[] logits = vit.run(PassRequest.forward(Tensor.of(new float[3 * 96 * 96], 1, 3, 96, 96), Set.of())).logits().data();
            assertEquals(5, logits.length);
        }
        // the checkpoint's own size asked for explicitly is the checkpoint as it is
        try (VisionModel same = VisionModel.load(Fixtures.model("vit-tiny-hf"), 64)) {
            assertArrayEquals(logits(hf), logits(same), 0f);
        }
        try (VisionModel rn = VisionModel.load(Fixtures.model("resnet-tiny-basic"), 96)) {
            assertEquals(96, rn.info().inputHeight());
            assertEquals(96, rn.preprocessing().width());
            assertEquals(3, rn.info().capabilities().lastFeatureMap().height());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VisionModel.load(Fixtures.model("vit-tiny-timm"), 100).close());
        assertTrue(e.getMessage().contains("not a multiple of the patch size 8"), e.getMessage());
    }

    static void writeBf16(Path file, Map<String, Tensor> tensors) throws IOException {
        StringBuilder h = new StringBuilder("{");
        long off = 0;
        for (var e : tensors.entrySet()) {
            long bytes = 2L * e.getValue().data().length;
            h.append(h.length() > 1 ? "," : "").append('"').append(e.getKey()).append("\":{\"dtype\":\"BF16\",\"shape\":")
                    .append(java.util.Arrays.toString(e.getValue().shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(off).append(',').append(off + bytes).append("]}");
            off += bytes;
        }
        byte[] header = h.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate((int) (8 + header.length + off)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        for (Tensor t : tensors.values()) {
            for (float v : t.data()) {
                b.putShort((short) toBf16(v));
            }
        }
        Files.write(file, b.array());
    }
}
