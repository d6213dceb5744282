package dev.xai4j.eval;

import dev.xai4j.explain.Heatmap;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.VisionModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Deletion and insertion curves (Petsiuk et al., RISE) of an attribution map.
 *
 * <p>The map, on the input's pixel grid (see {@link Job}), orders the pixels by relevance, highest
 * first (ties: lower row-major index first). At step {@code k = 0, 1, …, 10} the {@code round(k·n/10)}
 * most relevant of the {@code n} pixels are switched (all three channels):
 * <ul>
 *   <li>deletion starts from the original image and replaces them by the baseline (the blurred image);</li>
 *   <li>insertion starts from the baseline and puts back the original pixels.</li>
 * </ul>
 * Each of the 11 images per curve is scored by the probability of the target class ({@link Scorer}),
 * giving {@code p_0 … p_10} at fractions {@code t_k = k/10}, and the area under the curve on [0, 1] is
 * the trapezoid rule {@code AUC = Σ_{k=0}^{9} (p_k + p_{k+1}) / 2 · 0.1}. A good map makes deletion
 * fall fast (low AUC) and insertion rise fast (high AUC).
 *
 * <p>Batching: the 22 images of one map (11 deletion + 11 insertion) always go to the scorer in the
 * same call; the curves of several maps share a call up to a batch limit.
 */
public final class DeletionInsertion {

    /** Steps per curve: pixels change in tenths, so a curve has {@code STEPS + 1 = 11} points. */
    public static final int STEPS = 10;

    private DeletionInsertion() {
    }

    /**
     * Scores a batch of model inputs: the probability of each row's target class. Injectable so that
     * the curve code can be tested with a known probability function.
     */
    @FunctionalInterface
    public interface Scorer {
        /**
         * @param images  the preprocessed batch [B, 3, H, W]
         * @param targets the class to score for each of the B images
         * @return B probabilities
         */
        double[] probabilities(Tensor images, int[] targets);
    }

    /**
     * One map to score.
     *
     * @param original the preprocessed input [3, H, W]
     * @param baseline the same image blurred [3, H, W] (see {@link #blurred})
     * @param map      the relevance, already on the H × W pixel grid
     * @param target   the class whose probability is traced
     */
    public record Job(Tensor original, Tensor baseline, Heatmap map, int target) {
        public Job {
            if (original.rank() != 3 || !java.util.Arrays.equals(original.shape(), baseline.shape())) {
                throw new IllegalArgumentException("original and baseline must both be [3, H, W]");
            }
            if (map.height() != original.dim(1) || map.width() != original.dim(2)) {
                throw new IllegalArgumentException("map " + map.height() + "x" + map.width() + " is not on the "
                        + original.dim(1) + "x" + original.dim(2) + " pixel grid");
            }
        }
    }

    /**
     * The two curves of one map.
     *
     * @param deletion  11 target probabilities, 0 % … 100 % of the pixels deleted
     * @param insertion 11 target probabilities, 0 % … 100 % of the pixels inserted
     */
    public record Curves(double[] deletion, double[] insertion) {
        public double deletionAuc() {
            return auc(deletion);
        }

        public double insertionAuc() {
            return auc(insertion);
        }
    }

    /** The softmax probability of the target class from one forward pass of the model. */
    public static Scorer softmax(VisionModel model) {
        return (images, targets) -> {
            Tensor logits = model.run(PassRequest.forward(images, Set.of())).logits();
            int c = logits.dim(1);
            float[] z = logits.data();
            double[] p = new double[targets.length];
            for (int i = 0; i < targets.length; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) {
                    max = Math.max(max, z[i * c + j]);
                }
                double sum = 0;
                for (int j = 0; j < c; j++) {
                    sum += Math.exp(z[i * c + j] - max);
                }
                p[i] = Math.exp(z[i * c + targets[i]] - max) / sum;
            }
            return p;
        };
    }

    /**
     * The baseline of a preprocessed image: a Gaussian blur of σ pixels, edges replicated. Blurring the
     * normalised tensor equals normalising the blurred image (the blur is linear with weights summing
     * to 1, the normalisation affine per channel), so no round trip to bytes is needed.
     */
    public static Tensor blurred(Tensor chw, double sigma) {
        return dev.xai4j.image.GaussianBlur.apply(chw, sigma);
    }

    /**
     * The curves of every job, in order.
     *
     * @param maxBatch the most images per scorer call; at least {@code 2·(STEPS+1) = 22}, since one
     *                 job's images are never split
     */
    public static List<Curves> run(List<Job> jobs, Scorer scorer, int maxBatch) {
        int perJob = 2 * (STEPS + 1);
        if (maxBatch < perJob) {
            throw new IllegalArgumentException("a scoring batch needs room for " + perJob + " images, got " + maxBatch);
        }
        List<Curves> out = new ArrayList<>(jobs.size());
        int jobsPerCall = maxBatch / perJob;
        for (int from = 0; from < jobs.size(); from += jobsPerCall) {
            List<Job> group = jobs.subList(from, Math.min(jobs.size(), from + jobsPerCall));
            out.addAll(score(group, scorer));
        }
        return out;
    }

    /** One scorer call for a group of jobs: per job, its deletion images then its insertion images. */
    private static List<Curves> score(List<Job> group, Scorer scorer) {
        Job first = group.get(0);
        int plane = first.original().data().length;
        int h = first.original().dim(1);
        int w = first.original().dim(2);
        int perJob = 2 * (STEPS + 1);
        float[] batch = new float[group.size() * perJob * plane];
        int[] targets = new int[group.size() * perJob];
        for (int j = 0; j < group.size(); j++) {
            Job job = group.get(j);
            if (job.original().data().length != plane) {
                throw new IllegalArgumentException("jobs of one call must share an image size");
            }
            int base = j * perJob;
            int[] order = Ranking.descending(job.map());
            writeCurve(job, order, true, batch, base * plane);
            writeCurve(job, order, false, batch, (base + STEPS + 1) * plane);
            java.util.Arrays.fill(targets, base, base + perJob, job.target());
        }
        double[] p = scorer.probabilities(Tensor.of(batch, targets.length, 3, h, w), targets);
        if (p.length != targets.length) {
            throw new IllegalStateException("scorer returned " + p.length + " probabilities for " + targets.length + " images");
        }
        List<Curves> out = new ArrayList<>(group.size());
        for (int j = 0; j < group.size(); j++) {
            int base = j * perJob;
            out.add(new Curves(java.util.Arrays.copyOfRange(p, base, base + STEPS + 1),
                    java.util.Arrays.copyOfRange(p, base + STEPS + 1, base + perJob)));
        }
        return out;
    }

    /**
     * Writes the 11 images of one curve from {@code offset}: step k has the first {@code round(k·n/10)}
     * pixels of {@code order} taken from the "to" image, the rest from the "from" image.
     */
    private static void writeCurve(Job job, int[] order, boolean deletion, float[] out, int offset) {
        float[] start = deletion ? job.original().data() : job.baseline().data();
        float[] end = deletion ? job.baseline().data() : job.original().data();
        int n = order.length;
        int plane = start.length;
        for (int k = 0; k <= STEPS; k++) {
            int o = offset + k * plane;
            System.arraycopy(start, 0, out, o, plane);
            int switched = (int) Math.round((double) k * n / STEPS);
            for (int i = 0; i < switched; i++) {
                int px = order[i];
                for (int c = 0; c < 3; c++) {
                    out[o + c * n + px] = end[c * n + px];
                }
            }
        }
    }

    /** Trapezoid area under a curve sampled at equal steps over [0, 1]. */
    public static double auc(double[] curve) {
        if (curve.length < 2) {
            throw new IllegalArgumentException("a curve needs at least 2 points, got " + curve.length);
        }
        double dt = 1.0 / (curve.length - 1);
        double s = 0;
        for (int k = 0; k + 1 < curve.length; k++) {
            s += (curve[k] + curve[k + 1]) / 2 * dt;
        }
        return s;
    }
}
