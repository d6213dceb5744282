package dev.xai4j.eval;

import dev.xai4j.data.Mask;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.render.Upsampling;

import java.util.List;

/**
 * Ground-truth localisation metrics of one attribution map against object masks.
 *
 * <p>Every metric first brings the map to the mask's grid: a map of another size is resized
 * bilinearly ({@link Upsampling#BILINEAR}, PyTorch's {@code align_corners=False}) to the mask's
 * height × width; a map of the mask's size is used as it is. With {@code m} the resized map, {@code M}
 * the mask and {@code n} the number of pixels:
 * <ul>
 *   <li>{@link #pointingGame}: a hit iff {@code argmax m ∈ M}. Ties go to the first maximum in
 *       row-major order; a map whose pixels are all equal points nowhere and is a miss. With a
 *       tolerance τ (the pointing game of Zhang et al. 2018 uses 15 px): a hit iff
 *       {@code min_{q∈M} ‖argmax m − q‖₂ ≤ τ}.</li>
 *   <li>{@link #energyPointingGame}: {@code Σ_{p∈M} max(m_p, 0) / Σ_p max(m_p, 0)} ∈ [0, 1]; 0 when the
 *       map has no positive mass.</li>
 *   <li>{@link #topFractionIou}: with {@code k = max(1, round(fraction · n))} and T the k highest
 *       pixels (ties broken by lower row-major index), {@code |T ∩ M| / |T ∪ M|} ∈ [0, 1]. The issue's
 *       metric is {@code fraction = 0.15} ({@link #TOP_FRACTION}).</li>
 *   <li>{@link #classDiscrimination}: on a scene with several objects of different classes, one trial
 *       per object: the map explaining that object's class is a hit iff its pointing game hits THAT
 *       object's mask (landing on another object is a miss). With a tolerance τ: a hit iff the maximum
 *       is within τ of THAT object and no other object is nearer to it.</li>
 *   <li>{@link #relevanceMassAccuracy} (Arras et al. 2022, "CLEVR-XAI: a benchmark dataset for the
 *       ground truth evaluation of neural network explanations", Information Fusion): the share of the
 *       positive relevance inside the mask, {@code Σ_{p∈M} max(m_p, 0) / Σ_p max(m_p, 0)}; the same
 *       number as {@link #energyPointingGame}, under the name that paper gives it.</li>
 *   <li>{@link #relevanceRankAccuracy} (same paper): with {@code K = |M|} and T the K highest pixels
 *       (ties broken by lower row-major index), {@code |T ∩ M| / K} ∈ [0, 1].</li>
 * </ul>
 * A map containing NaN is rejected with {@link IllegalArgumentException}: no metric can rank it.
 */
public final class Metrics {

    /** The share of pixels in the top region of {@link #topFractionIou}: 15 %. */
    public static final double TOP_FRACTION = 0.15;

    private Metrics() {
    }

    /** Whether the map's maximum lies inside the mask (all-equal map: false). */
    public static boolean pointingGame(Heatmap map, Mask mask) {
        return pointingGame(map, mask, 0);
    }

    /**
     * The pointing game with a tolerance (Zhang et al. 2018 count a hit within 15 px of the object, as
     * TorchRay does): a hit iff the maximum pixel {@code p} has a mask pixel {@code q} with
     * {@code ‖p − q‖₂ ≤ tolerance}. A tolerance of 0 is {@link #pointingGame(Heatmap, Mask)}.
     *
     * @param tolerance pixels on the mask's grid, ≥ 0
     */
    public static boolean pointingGame(Heatmap map, Mask mask, double tolerance) {
        requireTolerance(tolerance);
        int best = argmax(onMaskGrid(map, mask));
        // the distance scan is only needed off the mask and with a tolerance to reach across
        return best >= 0 && (mask.pixels()[best] || tolerance > 0 && distance(mask, best) <= tolerance);
    }

    /** The share of the map's positive mass inside the mask, in [0, 1]; 0 without positive mass. */
    public static double energyPointingGame(Heatmap map, Mask mask) {
        float[] v = onMaskGrid(map, mask).values();
        boolean[] in = mask.pixels();
        double inside = 0;
        double total = 0;
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                throw new IllegalArgumentException("heatmap contains NaN at index " + i);
            }
            if (v[i] > 0) {
                total += v[i];
                if (in[i]) {
                    inside += v[i];
                }
            }
        }
        return total > 0 ? inside / total : 0;
    }

    /**
     * Relevance mass accuracy: the share of the map's positive relevance inside the mask, in [0, 1]
     * (0 without positive relevance). Arras et al. 2022 count positive relevance only, which makes it
     * the {@link #energyPointingGame}.
     */
    public static double relevanceMassAccuracy(Heatmap map, Mask mask) {
        return energyPointingGame(map, mask);
    }

    /**
     * Relevance rank accuracy: the share of the mask's {@code K} pixels among the map's {@code K}
     * highest pixels, in [0, 1].
     *
     * @throws IllegalArgumentException if the mask is empty or the map contains NaN
     */
    public static double relevanceRankAccuracy(Heatmap map, Mask mask) {
        int k = mask.area();
        if (k == 0) {
            throw new IllegalArgumentException("relevance rank accuracy needs a non-empty mask");
        }
        int[] order = Ranking.descending(onMaskGrid(map, mask));
        boolean[] in = mask.pixels();
        int hits = 0;
        for (int i = 0; i < k; i++) {
            hits += in[order[i]] ? 1 : 0;
        }
        return (double) hits / k;
    }

    /**
     * IoU of the map's top {@code fraction} of pixels with the mask.
     *
     * @param fraction share of pixels in the top region, {@code 0 < fraction ≤ 1}
     */
    public static double topFractionIou(Heatmap map, Mask mask, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in (0, 1], got " + fraction);
        }
        return topFractionIou(Ranking.descending(onMaskGrid(map, mask)), mask, fraction);
    }

    /** {@link #topFractionIou} from a precomputed ranking of the resized map (the harness ranks once). */
    static double topFractionIou(int[] order, Mask mask, double fraction) {
        boolean[] in = mask.pixels();
        int k = (int) Math.max(1, Math.round(fraction * in.length));
        int both = 0;
        for (int i = 0; i < k; i++) {
            if (in[order[i]]) {
                both++;
            }
        }
        int union = k + mask.area() - both;
        return (double) both / union;
    }

    /**
     * Class-discrimination hits of one multi-object scene: {@code maps.get(j)} explains the class of
     * the object with mask {@code masks.get(j)}.
     *
     * @return how many of the {@code masks.size()} trials hit their own object
     */
    public static int classDiscrimination(List<Heatmap> maps, List<Mask> masks) {
        return classDiscrimination(maps, masks, 0);
    }

    /**
     * Class discrimination with a pointing tolerance: trial {@code j} is a hit iff the maximum of
     * {@code maps.get(j)} lies within {@code tolerance} pixels of object {@code j} and no other object is
     * nearer to it (a maximum on another object stays a miss however close object {@code j} is).
     * A tolerance of 0 is {@link #classDiscrimination(List, List)}.
     *
     * @param tolerance pixels on the masks' grid, ≥ 0
     */
    public static int classDiscrimination(List<Heatmap> maps, List<Mask> masks, double tolerance) {
        if (maps.size() != masks.size()) {
            throw new IllegalArgumentException(maps.size() + " maps for " + masks.size() + " objects");
        }
        requireTolerance(tolerance);
        int hits = 0;
        for (int j = 0; j < maps.size(); j++) {
            hits += pointsAt(onMaskGrid(maps.get(j), masks.get(j)), masks, j, tolerance) ? 1 : 0;
        }
        return hits;
    }

    /** One class-discrimination trial, the map already on the masks' grid. */
    static boolean pointsAt(Heatmap up, List<Mask> masks, int object, double tolerance) {
        int best = argmax(up);
        if (best < 0) {
            return false;
        }
        if (masks.get(object).pixels()[best]) {
            return true;   // nothing is nearer than its own object
        }
        double own = tolerance > 0 ? distance(masks.get(object), best) : Double.POSITIVE_INFINITY;
        if (own > tolerance) {
            return false;
        }
        for (int k = 0; k < masks.size(); k++) {
            if (k != object && distance(masks.get(k), best) < own) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first maximum in row-major order; -1 when all values are equal. NaN is rejected. */
    private static int argmax(Heatmap m) {
        float[] v = m.values();
        int best = 0;
        boolean flat = true;
        for (int i = 0; i < v.length; i++) {
            if (Float.isNaN(v[i])) {
                throw new IllegalArgumentException("heatmap contains NaN at index " + i);
            }
            flat &= v[i] == v[0];
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return flat ? -1 : best;
    }

    /** Euclidean distance in pixels from row-major pixel {@code index} to the nearest mask pixel (∞ if none). */
    private static double distance(Mask mask, int index) {
        boolean[] in = mask.pixels();
        int w = mask.width();
        int y0 = index / w;
        int x0 = index % w;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < in.length; i++) {
            if (in[i]) {
                long dy = i / w - y0;
                long dx = i % w - x0;
                best = Math.min(best, dy * dy + dx * dx);
            }
        }
        return best == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : Math.sqrt(best);
    }

    static void requireTolerance(double tolerance) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("pointing tolerance must be a finite number of pixels ≥ 0, got " + tolerance);
        }
    }

    /** The map on the mask's grid: resized bilinearly when its size differs, else as it is. */
    static Heatmap onMaskGrid(Heatmap map, Mask mask) {
        if (map.height() == mask.height() && map.width() == mask.width()) {
            return map;
        }
        return Upsampling.BILINEAR.resize(map, mask.height(), mask.width());
    }
}
