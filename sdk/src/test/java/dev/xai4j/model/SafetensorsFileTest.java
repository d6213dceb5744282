package dev.xai4j.model;

import dev.xai4j.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    /** Writes a safetensors file from a header string and raw data bytes. */
    static Path raw(Path file, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Files.write(file, b.array());
        return file;
    }

    @Test
    void readsFixtureTensorsAndI64Counters() {
        try (SafetensorsFile f = SafetensorsFile.open(Fixtures.model("resnet-tiny-basic").resolve("model.safetensors"))) {
            assertArrayEquals(new long[]{8, 3, 7, 7}, f.shape("conv1.weight"));
            assertEquals("I64", f.entry("bn1.num_batches_tracked").dtype());
            assertEquals(1, f.readLongs("bn1.num_batches_tracked").length);
            assertEquals("pt", f.metadata().get("format"));
            assertEquals(8 * 3 * 7 * 7, f.read("conv1.weight").data().length);
        }
    }

    @Test
    void convertsHalfBfloatAndDouble() throws IOException {
        ByteBuffer d = ByteBuffer.allocate(6 + 6 + 16).order(ByteOrder.LITTLE_ENDIAN);
        d.putShort((short) 0x3C00).putShort((short) 0xC000).putShort((short) 0x0001); // F16: 1, -2, smallest subnormal
        d.putShort((short) 0x3F80).putShort((short) 0x4049).putShort((short) 0xBF00); // BF16: 1, 3.140625, -0.5
        d.putDouble(0.25).putDouble(-1e-3);
        Path f = raw(dir.resolve("mixed.safetensors"),
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[6,12]},"
                        + "\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[12,28]}}", d.array());
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            assertArrayEquals(new float[]{1f, -2f, 0x1p-24f}, s.read("h").data());
            assertArrayEquals(new float[]{1f, 3.140625f, -0.5f}, s.read("b").data());
            assertArrayEquals(new float[]{0.25f, -1e-3f}, s.read("d").data());
        }
    }

    @Test
    void roundTripsWhatTheWriterWrites() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3));
        t.put("b", Tensor.of(new float[]{-1}, 1));
        Path f = dir.resolve("w.safetensors");
        SafetensorsWriter.write(f, t, Map.of("format", "pt"));
        try (SafetensorsFile s = SafetensorsFile.open(f)) {
            assertEquals(t.get("a"), s.read("a"));
            assertEquals(t.get("b"), s.read("b"));
            assertEquals("pt", s.metadata().get("format"));
        }
    }

    private void assertRefused(Path file, String... fragments) {
        CheckpointException e = assertThrows(CheckpointException.class, () -> {
            try (SafetensorsFile s = SafetensorsFile.open(file)) {
                s.names().forEach(s::read);
            }
        });
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "mentions '" + f + "': " + e.getMessage());
        }
    }

    @Test
    void refusesMissingTruncatedAndCorruptFiles() throws IOException {
        assertRefused(dir.resolve("absent.safetensors"), "not found");
        Path tiny = Files.write(dir.resolve("tiny.safetensors"), new byte[]{1, 2, 3});
        assertRefused(tiny, "truncated");
        byte[] whole = Files.readAllBytes(Fixtures.model("vit-tiny-hf").resolve("model.safetensors"));
        Path cut = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(whole, whole.length - 1000));
        assertRefused(cut, "truncated", "ends at byte", "tensor 'vit.");
        Path headerCut = Files.write(dir.resolve("hcut.safetensors"), Arrays.copyOf(whole, 100));
        assertRefused(headerCut, "truncated", "header");
        assertRefused(raw(dir.resolve("json.safetensors"), "{\"a\": [", new byte[0]), "not valid JSON");
        ByteBuffer hugeLen = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE).putLong(0);
        assertRefused(Files.write(dir.resolve("len.safetensors"), hugeLen.array()), "header length");
    }

    @Test
    void refusesUnknownDtypeAndInconsistentShapes() throws IOException {
        assertRefused(raw(dir.resolve("dtype.safetensors"),
                "{\"w\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]), "unknown dtype 'Q4'", "'w'");
        assertRefused(raw(dir.resolve("shape.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]), "'w'", "[3]");
        assertRefused(raw(dir.resolve("offsets.safetensors"),
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}", new byte[8]), "'w'", "data_offsets");
    }

    @Test
    void missingTensorIsNamed() {
        try (SafetensorsFile s = SafetensorsFile.open(Fixtures.model("vit-tiny-hf").resolve("model.safetensors"))) {
            CheckpointException e = assertThrows(CheckpointException.class, () -> s.read("no.such.tensor"));
            assertTrue(e.getMessage().contains("no.such.tensor") && e.getMessage().contains("model.safetensors"), e.getMessage());
        }
    }

    @Test
    void halfConversionCoversSpecialValues() {
        assertEquals(Float.POSITIVE_INFINITY, SafetensorsFile.halfToFloat((short) 0x7C00));
        assertTrue(Float.isNaN(SafetensorsFile.halfToFloat((short) 0x7E00)));
        assertEquals(65504f, SafetensorsFile.halfToFloat((short) 0x7BFF));
        assertEquals(-0f, SafetensorsFile.halfToFloat((short) 0x8000));
        assertEquals(0x1p-14f, SafetensorsFile.halfToFloat((short) 0x0400));
    }
}
