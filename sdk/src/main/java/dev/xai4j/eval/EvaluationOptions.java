package dev.xai4j.eval;

/**
 * How an {@link Evaluation} runs.
 *
 * @param batchSize    images per {@link dev.xai4j.explain.ExplanationEngine} call (default 8)
 * @param scoringBatch the most perturbed images per forward pass of deletion/insertion scoring; at
 *                     least 22, the two 11-image curves of one map (default 88: four maps)
 * @param blurSigma    σ in pixels of the Gaussian blur that makes the deletion/insertion baseline;
 *                     0 = 10 px at a 224-pixel input, scaled with the input height ({@code 10·H/224}),
 *                     so small models get a comparable blur (default 0)
 * @param randomSeed   seed of the random-map baseline (default 0)
 * @param pointingTolerance pixels on the mask's grid within which the pointing game and class
 *                     discrimination count a maximum as on the object ({@link Metrics#pointingGame(
 *                     dev.xai4j.explain.Heatmap, dev.xai4j.data.Mask, double)}); default 0: inside the mask.
 *                     15 is the pointing game of Zhang et al. 2018 and TorchRay
 */
public record EvaluationOptions(int batchSize, int scoringBatch, double blurSigma, long randomSeed,
                                double pointingTolerance) {

    /** Batch 8, scoring batch 88, automatic σ, seed 0, no pointing tolerance. */
    public static final EvaluationOptions DEFAULTS = new EvaluationOptions(8, 88, 0, 0, 0);

    public EvaluationOptions {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (scoringBatch < 2 * (DeletionInsertion.STEPS + 1)) {
            throw new IllegalArgumentException("scoring batch must hold one map's " + 2 * (DeletionInsertion.STEPS + 1)
                    + " images, got " + scoringBatch);
        }
        if (!(blurSigma >= 0) || Double.isInfinite(blurSigma)) {
            throw new IllegalArgumentException("blur sigma must be ≥ 0 (0 = automatic), got " + blurSigma);
        }
        Metrics.requireTolerance(pointingTolerance);
    }

    /** The σ used for a model input of {@code height} pixels. */
    public double blurSigmaFor(int height) {
        return blurSigma > 0 ? blurSigma : 10.0 * height / 224;
    }

    public EvaluationOptions withBatchSize(int n) {
        return new EvaluationOptions(n, scoringBatch, blurSigma, randomSeed, pointingTolerance);
    }

    public EvaluationOptions withScoringBatch(int n) {
        return new EvaluationOptions(batchSize, n, blurSigma, randomSeed, pointingTolerance);
    }

    public EvaluationOptions withBlurSigma(double sigma) {
        return new EvaluationOptions(batchSize, scoringBatch, sigma, randomSeed, pointingTolerance);
    }

    public EvaluationOptions withRandomSeed(long seed) {
        return new EvaluationOptions(batchSize, scoringBatch, blurSigma, seed, pointingTolerance);
    }

    public EvaluationOptions withPointingTolerance(double pixels) {
        return new EvaluationOptions(batchSize, scoringBatch, blurSigma, randomSeed, pixels);
    }
}
