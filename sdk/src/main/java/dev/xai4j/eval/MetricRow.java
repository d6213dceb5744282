package dev.xai4j.eval;

/**
 * One method's scores over an evaluation set: means over the trials each metric applies to (see
 * {@link Metrics} and {@link DeletionInsertion} for the definitions). A value is null when the set
 * has no trial for it (e.g. class discrimination without multi-object samples).
 *
 * @param method              the method id, with its non-default parameters if any, or {@code random}
 * @param baseline            whether this is the random-map baseline rather than an explainer
 * @param pointingGame        hit rate on single-object samples, [0, 1]
 * @param energyPointingGame  mean share of positive map mass in the mask, [0, 1]
 * @param iouTop15            mean IoU of the top-15 % pixels with the mask, [0, 1]
 * @param classDiscrimination hit rate over multi-object trials (one per object), [0, 1]
 * @param deletionAuc         mean deletion AUC, [0, 1]; lower is better
 * @param insertionAuc        mean insertion AUC, [0, 1]; higher is better
 * @param msPerImage          mean milliseconds per explained image: the shared pass's time divided by
 *                            the batch size plus the method's own time; null for the baseline
 */
public record MetricRow(String method, boolean baseline, Double pointingGame, Double energyPointingGame,
                        Double iouTop15, Double classDiscrimination, Double deletionAuc, Double insertionAuc,
                        Double msPerImage) {
}
