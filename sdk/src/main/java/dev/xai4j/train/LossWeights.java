package dev.xai4j.train;

/**
 * Weights of the auxiliary training losses added to the class loss (the mean softmax cross-entropy
 * against the target distribution y of each image, e.g. ½ and ½ for a two-object scene).
 *
 * <ul>
 *   <li>{@code denseLabels} λ<sub>d</sub>: every position p of the final feature grid (a ViT's patch
 *       tokens, a ResNet's last feature-map cells) is classified against the share of its pixels on
 *       each class, background as one more class: λ<sub>d</sub> · mean<sub>p</sub> CE(d<sub>p</sub>,
 *       softmax(z<sub>p</sub>)) (token labelling, Jiang et al. 2021).</li>
 *   <li>{@code valueEvidence} λ<sub>v</sub> (ViT with a CLS token; needs dense labels): what each patch
 *       token passes to the CLS token in the last block per unit of attention, u<sub>p</sub> =
 *       W<sub>proj</sub>[v<sub>1,p</sub> … v<sub>H,p</sub>], read as the classifier reads the CLS token
 *       (LayerNorm with the final norm's gain, the head's weights; no biases, which are the same for every
 *       token) is classified against the same per-patch targets as the dense labels:
 *       λ<sub>v</sub> · mean<sub>p</sub> CE(d<sub>p</sub>, softmax(z<sub>p</sub>)). Each patch then hands
 *       the CLS token evidence for its own class, which is what gradient × attention (Chefer et al.
 *       2021) reads in the last block, as far as the gradient is not mixed by the block's MLP
 *       (the next weight).</li>
 *   <li>{@code classTokenMlp} λ<sub>m</sub> (ViT with a CLS token): λ<sub>m</sub> · mean over images of
 *       ‖m‖² / ‖x<sub>1</sub>‖², m what the last block's MLP adds to the CLS token and x<sub>1</sub> the
 *       CLS token before it (the final LayerNorm ignores scale, so only the ratio matters): the decision
 *       is read from what attention gathered, so that the gradient of a class logit w.r.t. the last
 *       attention is not mixed by the MLP's Jacobian.</li>
 *   <li>{@code objectAttention} λ<sub>a</sub> (ViT with a CLS token; needs dense labels): the last
 *       block's attention of the CLS token, averaged over the heads and renormalised over the patch
 *       tokens, â<sub>p</sub>, is taught the objects' coverage: λ<sub>a</sub> · mean over images of
 *       −Σ<sub>p</sub> q<sub>p</sub> log(â<sub>p</sub> + ε), q<sub>p</sub> = t<sub>p</sub> / Σ t,
 *       t<sub>p</sub> the share of patch p's pixels on any object (1 − its background target). Attention
 *       guidance: the patches the decision gathers from most are those the objects cover most, so
 *       that gradient × attention peaks inside an object rather than on a patch its edge crosses.</li>
 * </ul>
 *
 * @param denseLabels   λ<sub>d</sub> ≥ 0 (0: no dense labels)
 * @param valueEvidence λ<sub>v</sub> ≥ 0 (0: none)
 * @param classTokenMlp λ<sub>m</sub> ≥ 0 (0: none)
 * @param objectAttention λ<sub>a</sub> ≥ 0 (0: none)
 */
public record LossWeights(double denseLabels, double valueEvidence, double classTokenMlp, double objectAttention) {

    /** The class loss alone. */
    public static final LossWeights NONE = new LossWeights(0, 0, 0, 0);

    public LossWeights {
        if (!(denseLabels >= 0) || !(valueEvidence >= 0) || !(classTokenMlp >= 0) || !(objectAttention >= 0)) {
            throw new IllegalArgumentException("loss weights must be at least 0, got dense " + denseLabels
                    + ", value evidence " + valueEvidence + ", CLS MLP " + classTokenMlp
                    + ", object attention " + objectAttention);
        }
        if ((valueEvidence > 0 || objectAttention > 0) && denseLabels == 0) {
            throw new IllegalArgumentException("the value-evidence and object-attention losses take their targets"
                    + " from the dense labels; give the dense labels a weight above 0");
        }
    }

    /** The first three weights, no object-attention loss. */
    public LossWeights(double denseLabels, double valueEvidence, double classTokenMlp) {
        this(denseLabels, valueEvidence, classTokenMlp, 0);
    }

    /** Dense labels of weight {@code weight}, no other auxiliary loss. */
    public static LossWeights dense(double weight) {
        return new LossWeights(weight, 0, 0, 0);
    }
}
