package dev.xai4j.eval;

import java.util.List;

/**
 * The parameters of the {@link ExplanationMetrics}; each metric's defaults follow its paper where the
 * paper fixes one, and are stated here where it does not.
 *
 * @param batchSize          images per explanation call (default 8)
 * @param scoringBatch       the most perturbed images per forward pass (default 40: one map's perturbation
 *                           test or ROAD curves)
 * @param removal            what a removed pixel becomes in the perturbation test (default {@link RemovalValue#BLACK},
 *                           as Chefer et al.'s code)
 * @param patchSize          perturbation-test granularity: 1 removes single pixels (default, as Chefer et al.),
 *                           p &gt; 1 removes p × p patches ranked by their summed relevance; must divide the input size
 * @param roadFractions      ROAD's removal fractions, increasing in [0, 1) (default 0, 0.1, …, 0.9; Rong et al.
 *                           report 0.1 … 0.9, the 0 point is the unperturbed image)
 * @param roadNoise          σ of the noise added to imputed pixels, in normalised input units (default 0.01, Rong et al.'s)
 * @param sensitivitySamples random perturbations per image for max-sensitivity (default 10; Quantus uses 200)
 * @param sensitivityRadius  L∞ radius of those perturbations in [0, 1] pixel intensity (default 0.05, 12.75 of 255)
 * @param sanityThreshold    the Spearman ρ after full randomisation at or above which a method fails the
 *                           model-parameter randomisation check (default 0.5; xai4j's line, not Adebayo et al.'s)
 * @param seed               seed of every random choice: imputation noise, perturbations, random classes,
 *                           randomised weights (default 0)
 */
public record MetricOptions(int batchSize, int scoringBatch, RemovalValue removal, int patchSize, List<Double> roadFractions,
                            double roadNoise, int sensitivitySamples, double sensitivityRadius, double sanityThreshold,
                            long seed) {

    /** The defaults stated on each component. */
    public static final MetricOptions DEFAULTS = new MetricOptions(8, 40, RemovalValue.BLACK, 1,
            List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9), 0.01, 10, 0.05, 0.5, 0);

    public MetricOptions {
        if (batchSize < 1 || scoringBatch < 1) {
            throw new IllegalArgumentException("batch sizes must be at least 1, got " + batchSize + " and " + scoringBatch);
        }
        if (removal == null) {
            throw new IllegalArgumentException("removal value missing");
        }
        if (patchSize < 1) {
            throw new IllegalArgumentException("patch size must be at least 1, got " + patchSize);
        }
        roadFractions = List.copyOf(roadFractions);
        if (roadFractions.size() < 2) {
            throw new IllegalArgumentException("ROAD needs at least 2 fractions, got " + roadFractions);
        }
        for (int i = 0; i < roadFractions.size(); i++) {
            double f = roadFractions.get(i);
            if (!(f >= 0 && f < 1) || i > 0 && f <= roadFractions.get(i - 1)) {
                throw new IllegalArgumentException("ROAD fractions must increase within [0, 1), got " + roadFractions);
            }
        }
        if (!(roadNoise >= 0) || Double.isInfinite(roadNoise)) {
            throw new IllegalArgumentException("ROAD noise must be a finite σ ≥ 0, got " + roadNoise);
        }
        if (sensitivitySamples < 1) {
            throw new IllegalArgumentException("max-sensitivity needs at least 1 sample, got " + sensitivitySamples);
        }
        if (!(sensitivityRadius > 0 && sensitivityRadius <= 1)) {
            throw new IllegalArgumentException("max-sensitivity radius must be in (0, 1], got " + sensitivityRadius);
        }
        if (!(sanityThreshold >= -1 && sanityThreshold <= 1)) {
            throw new IllegalArgumentException("sanity threshold must be a correlation in [-1, 1], got " + sanityThreshold);
        }
    }

    public MetricOptions withBatchSize(int n) {
        return new MetricOptions(n, scoringBatch, removal, patchSize, roadFractions, roadNoise, sensitivitySamples,
                sensitivityRadius, sanityThreshold, seed);
    }

    public MetricOptions withRemoval(RemovalValue value) {
        return new MetricOptions(batchSize, scoringBatch, value, patchSize, roadFractions, roadNoise, sensitivitySamples,
                sensitivityRadius, sanityThreshold, seed);
    }

    public MetricOptions withPatchSize(int p) {
        return new MetricOptions(batchSize, scoringBatch, removal, p, roadFractions, roadNoise, sensitivitySamples,
                sensitivityRadius, sanityThreshold, seed);
    }

    public MetricOptions withRoadNoise(double sigma) {
        return new MetricOptions(batchSize, scoringBatch, removal, patchSize, roadFractions, sigma, sensitivitySamples,
                sensitivityRadius, sanityThreshold, seed);
    }

    public MetricOptions withSensitivity(int samples, double radius) {
        return new MetricOptions(batchSize, scoringBatch, removal, patchSize, roadFractions, roadNoise, samples, radius,
                sanityThreshold, seed);
    }

    public MetricOptions withSeed(long s) {
        return new MetricOptions(batchSize, scoringBatch, removal, patchSize, roadFractions, roadNoise, sensitivitySamples,
                sensitivityRadius, sanityThreshold, s);
    }
}
