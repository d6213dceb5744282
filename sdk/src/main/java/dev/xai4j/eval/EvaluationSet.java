package dev.xai4j.eval;

import dev.xai4j.data.SceneGenerator;

import java.nio.file.Path;
import java.util.List;

/**
 * A finite, indexable set of {@link Sample}s. Samples are fetched one at a time so that a generated
 * set of thousands of scenes never has to sit in memory.
 */
public interface EvaluationSet {

    /** A name for reports, e.g. {@code generated(seed=7, 300+200)} or a folder path. */
    String name();

    /** Number of samples. */
    int size();

    /** Sample {@code index}, {@code 0 ≤ index < size()}. */
    Sample get(int index);

    /**
     * Generated scenes of {@code imageSize} pixels: single-object scenes {@code 0 … singleObject−1}
     * ({@link SceneGenerator#scene}) then two-object scenes {@code 0 … twoObject−1}
     * ({@link SceneGenerator#twoObjectScene}) of one seed. Class indices are {@link dev.xai4j.data.Shape}
     * ordinals.
     */
    static EvaluationSet generated(long seed, int imageSize, int singleObject, int twoObject) {
        if (singleObject < 0 || twoObject < 0 || singleObject + twoObject == 0) {
            throw new IllegalArgumentException("need a positive number of scenes, got " + singleObject + " + " + twoObject);
        }
        SceneGenerator g = new SceneGenerator(seed, imageSize);
        String name = "generated(seed=" + seed + ", " + imageSize + "px, " + singleObject + " single + " + twoObject
                + " two-object)";
        return new EvaluationSet() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int size() {
                return singleObject + twoObject;
            }

            @Override
            public Sample get(int index) {
                java.util.Objects.checkIndex(index, size());
                return index < singleObject
                        ? Sample.of("scene-" + index, g.scene(index))
                        : Sample.of("pair-" + (index - singleObject), g.twoObjectScene(index - singleObject));
            }
        };
    }

    /** A folder in the {@link SceneFolder} format, labels resolved against the model's class labels. */
    static EvaluationSet folder(Path dir, List<String> classLabels) {
        return SceneFolder.read(dir, classLabels);
    }

    /** Samples in memory. */
    static EvaluationSet of(String name, List<Sample> samples) {
        List<Sample> copy = List.copyOf(samples);
        return new EvaluationSet() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public Sample get(int index) {
                return copy.get(index);
            }
        };
    }
}
