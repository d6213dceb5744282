package dev.xai4j.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reads a <a href="https://github.com/huggingface/safetensors">safetensors</a> file: an 8-byte
 * little-endian header length, a JSON header ({@code dtype}, {@code shape}, {@code data_offsets}
 * relative to the end of the header, optional {@code __metadata__}), then raw little-endian data.
 *
 * <p>The header is validated when the file is opened (every tensor's byte range lies inside the
 * file and matches its dtype and shape). Tensor data is memory-mapped one tensor at a time when read,
 * so a checkpoint of hundreds of megabytes never sits whole on the Java heap. F32, F16, BF16 and F64
 * read as floats; I64, I32 and I8/U8 read as longs (or floats). Every error names the file and, where
 * one is concerned, the tensor.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** Headers larger than this are refused as corrupt (the format's reference reader uses 100 MB). */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** The dtype and shape of one stored tensor. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        /** Number of elements. */
        public long elementCount() {
            return Tensor.elementCount(shape);
        }
    }

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, Entry> entries,
                            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /**
     * Opens a file and validates its header.
     *
     * @throws CheckpointException if the file is missing, truncated or its header is corrupt
     */
    public static SafetensorsFile open(Path path) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint file not found: " + path);
        } catch (IOException e) {
            throw new CheckpointException("cannot open checkpoint file " + path + ": " + e.getMessage(), e);
        }
        try {
            return parse(path, ch);
        } catch (RuntimeException | IOException e) {
            closeQuietly(ch);
            if (e instanceof CheckpointException ce) {
                throw ce;
            }
            throw new CheckpointException("cannot read checkpoint file " + path + ": " + e.getMessage(), e);
        }
    }

    private static SafetensorsFile parse(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new CheckpointException("truncated safetensors file " + path + ": " + size
                    + " bytes, fewer than the 8-byte header length");
        }
        ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lenBuf, 0);
        long headerLen = lenBuf.flip().getLong();
        if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES) {
            throw new CheckpointException("corrupt safetensors file " + path + ": header length " + headerLen
                    + " is not in (0, " + MAX_HEADER_BYTES + "]");
        }
        if (8 + headerLen > size) {
            throw new CheckpointException("truncated safetensors file " + path + ": header of " + headerLen
                    + " bytes but the file has only " + (size - 8) + " after the length");
        }
        ByteBuffer header = ByteBuffer.allocate((int) headerLen);
        readFully(ch, header, 8);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(header.array());
        } catch (JsonProcessingException e) {
            throw new CheckpointException("corrupt safetensors file " + path + ": header is not valid JSON ("
                    + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException("corrupt safetensors file " + path + ": header is not a JSON object");
        }
        long dataStart = 8 + headerLen;
        long dataSize = size - dataStart;
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals("__metadata__")) {
                if (v.isObject()) {
                    v.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                }
                continue;
            }
            entries.put(name, parseEntry(path, name, v, dataSize));
        }
        return new SafetensorsFile(path, ch, dataStart, Collections.unmodifiableMap(entries),
                Collections.unmodifiableMap(metadata));
    }

    private static Entry parseEntry(Path path, String name, JsonNode v, long dataSize) {
        String where = "tensor '" + name + "' in " + path;
        if (!v.isObject() || !v.path("dtype").isTextual() || !v.path("shape").isArray()
                || !v.path("data_offsets").isArray() || v.path("data_offsets").size() != 2) {
            throw new CheckpointException("corrupt safetensors header: " + where
                    + " lacks dtype, shape or data_offsets [begin, end]");
        }
        String dtype = v.get("dtype").asText();
        int width = byteWidth(dtype);
        if (width < 0) {
            throw new CheckpointException("unknown dtype '" + dtype + "' for " + where);
        }
        long[] shape = new long[v.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = v.get("shape").get(i);
            if (!d.canConvertToLong() || d.asLong() < 0) {
                throw new CheckpointException("corrupt safetensors header: bad shape " + v.get("shape") + " for " + where);
            }
            shape[i] = d.asLong();
        }
        long begin = v.get("data_offsets").get(0).asLong(-1);
        long end = v.get("data_offsets").get(1).asLong(-1);
        if (begin < 0 || end < begin) {
            throw new CheckpointException("corrupt safetensors header: bad data_offsets " + v.get("data_offsets")
                    + " for " + where);
        }
        if (end > dataSize) {
            throw new CheckpointException("truncated safetensors file: " + where + " ends at byte " + end
                    + " of the data but the file holds only " + dataSize + " data bytes");
        }
        long expected = Tensor.elementCount(shape) * width;
        if (end - begin != expected) {
            throw new CheckpointException("corrupt safetensors header: " + where + " has shape "
                    + Arrays.toString(shape) + " of " + dtype + " (" + expected + " bytes) but its data_offsets span "
                    + (end - begin) + " bytes");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private static int byteWidth(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "BOOL", "U8", "I8", "F8_E4M3", "F8_E5M2" -> 1;
            default -> -1;
        };
    }

    /** The file this reads. */
    public Path path() {
        return path;
    }

    /** Tensor names in header order. */
    public Set<String> names() {
        return entries.keySet();
    }

    /** Whether a tensor of that name is stored. */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The free-form {@code __metadata__} strings. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The header entry of a tensor. */
    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new CheckpointException("missing tensor '" + name + "' in " + path);
        }
        return e;
    }

    /** The shape of a stored tensor. */
    public long[] shape(String name) {
        return entry(name).shape().clone();
    }

    /**
     * Reads a tensor as floats, converting F16, BF16, F64 and integer types.
     *
     * @throws CheckpointException if the tensor is missing or its dtype cannot be read as numbers
     */
    public Tensor read(String name) {
        Entry e = entry(name);
        int n = checkedCount(e);
        ByteBuffer b = map(e);
        float[] out = new float[n];
        switch (e.dtype()) {
            case "F32" -> b.asFloatBuffer().get(out);
            case "F64" -> { for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(i * 8); }
            case "F16" -> { for (int i = 0; i < n; i++) out[i] = halfToFloat(b.getShort(i * 2)); }
            case "BF16" -> { for (int i = 0; i < n; i++) out[i] = Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16); }
            case "I64" -> { for (int i = 0; i < n; i++) out[i] = b.getLong(i * 8); }
            case "I32" -> { for (int i = 0; i < n; i++) out[i] = b.getInt(i * 4); }
            case "I16" -> { for (int i = 0; i < n; i++) out[i] = b.getShort(i * 2); }
            case "I8" -> { for (int i = 0; i < n; i++) out[i] = b.get(i); }
            case "U8", "BOOL" -> { for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xff; }
            default -> throw new CheckpointException("dtype " + e.dtype() + " of tensor '" + name + "' in " + path
                    + " cannot be read as floats (supported: F32, F16, BF16, F64, I64, I32, I16, I8, U8, BOOL)");
        }
        return new Tensor(out, e.shape().clone());
    }

    /** Reads an integer tensor (I64, I32, I16, I8, U8) as longs. */
    public long[] readLongs(String name) {
        Entry e = entry(name);
        int n = checkedCount(e);
        ByteBuffer b = map(e);
        long[] out = new long[n];
        switch (e.dtype()) {
            case "I64" -> { for (int i = 0; i < n; i++) out[i] = b.getLong(i * 8); }
            case "I32" -> { for (int i = 0; i < n; i++) out[i] = b.getInt(i * 4); }
            case "I16" -> { for (int i = 0; i < n; i++) out[i] = b.getShort(i * 2); }
            case "I8" -> { for (int i = 0; i < n; i++) out[i] = b.get(i); }
            case "U8" -> { for (int i = 0; i < n; i++) out[i] = b.get(i) & 0xff; }
            default -> throw new CheckpointException("tensor '" + name + "' in " + path + " has dtype " + e.dtype()
                    + ", not an integer type");
        }
        return out;
    }

    private int checkedCount(Entry e) {
        long n = e.elementCount();
        if (n > Integer.MAX_VALUE - 8) {
            throw new CheckpointException("tensor '" + e.name() + "' in " + path + " has " + n
                    + " elements, more than one Java array holds");
        }
        return (int) n;
    }

    private ByteBuffer map(Entry e) {
        long len = e.end() - e.begin();
        try {
            if (len == 0) {
                return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + e.begin(), len).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException ex) {
            throw new CheckpointException("cannot read tensor '" + e.name() + "' from " + path + ": " + ex.getMessage(), ex);
        }
    }

    /** IEEE 754 binary16 to float (Float.float16ToFloat needs Java 20). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal half: value = mant · 2^-24
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + buf.position());
            if (r < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    @Override
    public void close() {
        closeQuietly(channel);
    }
}
