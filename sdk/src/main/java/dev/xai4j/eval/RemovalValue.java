package dev.xai4j.eval;

/** What a removed pixel becomes in the {@link Metric#PERTURBATION perturbation test}. */
public enum RemovalValue {
    /**
     * 0 in [0, 1] pixel space, i.e. black, then normalised the model's way: what Chefer et al.'s
     * evaluation code does (it zeroes the unnormalised image, then normalises).
     */
    BLACK,
    /** 0 in the model's normalised input space: the normalisation's mean colour. */
    ZERO,
    /** The image's own per-channel mean (of the normalised input). */
    MEAN
}
