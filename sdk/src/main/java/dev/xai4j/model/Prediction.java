package dev.xai4j.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The top classes of one image: softmax probabilities p_c = exp(z_c − max z) / Σ_j exp(z_j − max z)
 * of the logits z, best first.
 *
 * @param top the k best classes, highest probability first
 */
public record Prediction(List<ClassScore> top) {

    /** One class: its index, label, logit and probability. */
    public record ClassScore(int index, String label, float logit, float probability) {
    }

    public Prediction {
        top = List.copyOf(top);
    }

    /** The k best classes of a logit vector (k is capped at the number of classes). */
    public static Prediction of(float[] logits, List<String> labels, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (float z : logits) {
            sum += Math.exp(z - max);
        }
        final double m = max;
        final double s = sum;
        List<ClassScore> all = new ArrayList<>();
        IntStream.range(0, logits.length).forEach(i ->
                all.add(new ClassScore(i, labels.get(i), logits[i], (float) (Math.exp(logits[i] - m) / s))));
        all.sort(Comparator.comparingDouble(ClassScore::logit).reversed());
        return new Prediction(all.subList(0, Math.min(k, all.size())));
    }

    /** The best class. */
    public ClassScore best() {
        return top.get(0);
    }
}
