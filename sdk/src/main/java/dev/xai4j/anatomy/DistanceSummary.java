package dev.xai4j.anatomy;

import java.util.Arrays;

/**
 * Mean attention distance summarised per layer and per depth third, from the per-head distances
 * {@code D[l][h]} (see {@link ViTAnatomy#attentionDistance()}):
 * <ul>
 *   <li>the curve: {@code mean[l] = (1/H) Σ_h D[l][h]}, with the band {@code min[l] = min_h D[l][h]},
 *       {@code max[l] = max_h D[l][h]};</li>
 *   <li>the bars: with {@code t = max(1, ⌊L/3⌋)}, the shallow third is layers {@code [0, t)} and the
 *       deep third layers {@code [L − t, L)}; {@code shallowMean} and {@code deepMean} are the means of
 *       {@code D[l][h]} over all heads of those layers. (With L &lt; 3 the thirds overlap; L = 1 gives
 *       the same layer twice.)</li>
 * </ul>
 * A model whose early heads look locally and late heads globally shows {@code deepMean > shallowMean}.
 *
 * @param mean         per layer, mean over heads (pixels)
 * @param min          per layer, the most local head (pixels)
 * @param max          per layer, the most global head (pixels)
 * @param thirdSize    layers in each third, t
 * @param shallowMean  mean distance over the first t layers (pixels)
 * @param deepMean     mean distance over the last t layers (pixels)
 */
public record DistanceSummary(double[] mean, double[] min, double[] max, int thirdSize, double shallowMean,
                              double deepMean) {

    /** Summarises per-head distances {@code D[l][h]}. */
    static DistanceSummary of(double[][] d) {
        int layers = d.length;
        double[] mean = new double[layers];
        double[] min = new double[layers];
        double[] max = new double[layers];
        for (int l = 0; l < layers; l++) {
            mean[l] = Arrays.stream(d[l]).average().orElse(0);
            min[l] = Arrays.stream(d[l]).min().orElse(0);
            max[l] = Arrays.stream(d[l]).max().orElse(0);
        }
        int t = Math.max(1, layers / 3);
        return new DistanceSummary(mean, min, max, t, average(d, 0, t), average(d, layers - t, layers));
    }

    private static double average(double[][] d, int from, int to) {
        double s = 0;
        int n = 0;
        for (int l = from; l < to; l++) {
            for (double v : d[l]) {
                s += v;
                n++;
            }
        }
        return n == 0 ? 0 : s / n;
    }

    /** Number of layers L. */
    public int layers() {
        return mean.length;
    }

    /** Caption of the shallow bar, e.g. {@code "shallow third (layers 0–3)"}. */
    public String shallowLabel() {
        return "shallow third (" + range(0, thirdSize) + ")";
    }

    /** Caption of the deep bar, e.g. {@code "deep third (layers 8–11)"}. */
    public String deepLabel() {
        return "deep third (" + range(layers() - thirdSize, layers()) + ")";
    }

    private static String range(int from, int to) {
        return to - from == 1 ? "layer " + from : "layers " + from + "–" + (to - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DistanceSummary s && Arrays.equals(mean, s.mean) && Arrays.equals(min, s.min)
                && Arrays.equals(max, s.max) && thirdSize == s.thirdSize
                && Double.compare(shallowMean, s.shallowMean) == 0 && Double.compare(deepMean, s.deepMean) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Double.hashCode(deepMean);
    }

    @Override
    public String toString() {
        return "DistanceSummary[" + layers() + " layers, shallow " + shallowMean + " px, deep " + deepMean + " px]";
    }
}
