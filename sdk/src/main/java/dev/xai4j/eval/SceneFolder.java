package dev.xai4j.eval;

import dev.xai4j.data.Mask;
import dev.xai4j.data.Scene;
import dev.xai4j.data.SceneGenerator;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.RgbImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A folder of single-object images with masks, the exchange format of the evaluation:
 * <pre>
 * DIR/labels.csv        header "name,label", then one line per image: NAME,LABEL
 * DIR/images/NAME.png   the image (any format {@link ImageDecoder} reads; PNG when written here)
 * DIR/masks/NAME.png    the object's mask, same size: a pixel is inside iff its mean of R, G, B ≥ 128
 *                       (white object on black)
 * </pre>
 * {@code NAME} is letters, digits, {@code . _ -}. {@code LABEL} is a class name of the evaluated
 * model (matched exactly, then ignoring case) or a class index. Samples keep the order of
 * {@code labels.csv}.
 */
public final class SceneFolder {

    /** The index file. */
    public static final String LABELS = "labels.csv";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private SceneFolder() {
    }

    /**
     * Writes single-object scenes {@code 0 … count−1} of a generator, labels by class name
     * ({@link dev.xai4j.data.Shape#label()}).
     *
     * @return the names written
     */
    public static List<String> write(Path dir, SceneGenerator generator, int count, ProgressListener progress) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        try {
            Files.createDirectories(dir.resolve("images"));
            Files.createDirectories(dir.resolve("masks"));
            int digits = Math.max(5, String.valueOf(count - 1).length());
            List<String> names = new ArrayList<>(count);
            StringBuilder csv = new StringBuilder("name,label\n");
            for (int i = 0; i < count; i++) {
                Scene s = generator.scene(i);
                String name = "scene-" + String.format(Locale.ROOT, "%0" + digits + "d", i);
                png(s.image().toBufferedImage(), dir.resolve("images").resolve(name + ".png"));
                png(maskImage(s.objects().get(0).mask()), dir.resolve("masks").resolve(name + ".png"));
                csv.append(name).append(',').append(s.objects().get(0).shape().label()).append('\n');
                names.add(name);
                progress.progress(i + 1, count);
            }
            Files.writeString(dir.resolve(LABELS), csv, StandardCharsets.UTF_8);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write scenes to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a folder's index; images and masks are decoded when a sample is fetched.
     *
     * @param classLabels the evaluated model's class labels, to resolve {@code LABEL}s by name
     * @throws IllegalArgumentException naming the file and line for a malformed index, a missing
     *                                  image or mask, or an unknown label
     */
    public static EvaluationSet read(Path dir, List<String> classLabels) {
        Path index = dir.resolve(LABELS);
        List<String> lines;
        try {
            lines = Files.readAllLines(index, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + index + ": " + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || (n == 0 && line.toLowerCase(Locale.ROOT).startsWith("name,"))) {
                continue;
            }
            String where = index + " line " + (n + 1);
            int comma = line.indexOf(',');
            if (comma < 0) {
                throw new IllegalArgumentException(where + ": expected NAME,LABEL, got '" + line + "'");
            }
            String name = line.substring(0, comma).strip();
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(where + ": name '" + name + "' may only have letters, digits, . _ -");
            }
            for (String sub : List.of("images", "masks")) {
                if (!Files.isRegularFile(dir.resolve(sub).resolve(name + ".png"))) {
                    throw new IllegalArgumentException(where + ": " + sub + "/" + name + ".png is missing");
                }
            }
            names.add(name);
            labels.add(resolve(line.substring(comma + 1).strip(), classLabels, where));
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException(index + " lists no images");
        }
        ImageDecoder decoder = new ImageDecoder();
        String setName = dir.toString();
        return new EvaluationSet() {
            @Override
            public String name() {
                return setName;
            }

            @Override
            public int size() {
                return names.size();
            }

            @Override
            public Sample get(int i) {
                String name = names.get(i);
                RgbImage image = decoder.read(dir.resolve("images").resolve(name + ".png"));
                Mask mask = mask(decoder.read(dir.resolve("masks").resolve(name + ".png")));
                return new Sample(name, image, List.of(new Sample.LabeledMask(labels.get(i), mask)));
            }
        };
    }

    private static int resolve(String label, List<String> classLabels, String where) {
        int i = classLabels.indexOf(label);
        if (i >= 0) {
            return i;
        }
        for (int j = 0; j < classLabels.size(); j++) {
            if (classLabels.get(j).equalsIgnoreCase(label)) {
                return j;
            }
        }
        if (label.matches("\\d+")) {
            int idx = Integer.parseInt(label);
            if (idx < classLabels.size()) {
                return idx;
            }
            throw new IllegalArgumentException(where + ": class index " + idx + " is out of range [0, "
                    + (classLabels.size() - 1) + "]");
        }
        throw new IllegalArgumentException(where + ": unknown label '" + label + "'; the model's labels: " + classLabels);
    }

    /** Inside iff the mean of the three channels is at least 128. */
    static Mask mask(RgbImage img) {
        return Mask.of(img);
    }

    private static BufferedImage maskImage(Mask m) {
        BufferedImage img = new BufferedImage(m.width(), m.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        boolean[] px = m.pixels();
        for (int i = 0; i < px.length; i++) {
            data[i] = px[i] ? (byte) 255 : 0;
        }
        return img;
    }

    private static void png(BufferedImage img, Path file) throws IOException {
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }
}
