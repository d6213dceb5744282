package dev.xai4j.train;

import dev.xai4j.model.Tensor;
import dev.xai4j.model.TrainingGraph;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

/**
 * The loss of a training graph: the mean softmax cross-entropy against the placeholder {@link #LABELS}
 * (target distributions [B, C]) plus the auxiliary losses of {@link LossWeights}, the first three
 * against the placeholder {@link #DENSE_LABELS} [B·P, C + 1] (background last): dense labels through
 * {@link #denseLogits}, value evidence through {@link #valueLogits}, object attention through
 * {@link #objectAttention}; then the CLS-MLP share ({@link #classTokenMlpShare}). Computed from the
 * graph values {@link TrainingGraph.Taps} lends.
 */
final class TrainingLoss {

    /** Placeholder of the target distributions [B, C]. */
    static final String LABELS = "labels";
    /** Placeholder of the per-position target distributions [B·P, C + 1] with dense labels. */
    static final String DENSE_LABELS = "dense_labels";
    /** The class loss alone, [] (what {@link TrainableModel#loss} reports). */
    static final String CLASS_LOSS = "class_loss";
    /** The whole loss, [] (what the optimiser minimises). */
    static final String LOSS = "loss";

    private TrainingLoss() {
    }

    /** Adds the loss to {@code g}'s graph and makes it the graph's loss variable. */
    static void build(TrainingGraph g, int classes, LossWeights weights) {
        SameDiff sd = g.sd();
        SDVariable labels = sd.placeHolder(LABELS, DataType.FLOAT, -1, classes);
        SDVariable classLoss = sd.loss.softmaxCrossEntropy(CLASS_LOSS, labels, g.logits(), null);
        SDVariable loss = classLoss;
        if (weights.denseLabels() > 0) {
            TrainingGraph.Taps taps = g.taps();
            SDVariable denseLabels = sd.placeHolder(DENSE_LABELS, DataType.FLOAT, -1, classes + 1);
            // The weight goes into the loss op: a multiplier applied to its output was ignored by the
            // backward pass in 1.0.0-M2.1 (the dense head's gradient was that of weight 1 whatever the
            // weight; a finite-difference check found it, see TrainingGradientTest).
            SDVariable weight = sd.constant("dense_loss_weight", Nd4j.scalar((float) weights.denseLabels()));
            SDVariable denseLoss = sd.loss.softmaxCrossEntropy("dense_loss", denseLabels, denseLogits(sd, taps), weight);
            loss = loss.add(denseLoss);
            if (weights.valueEvidence() > 0) {
                SDVariable w = sd.constant("value_loss_weight", Nd4j.scalar((float) weights.valueEvidence()));
                loss = loss.add(sd.loss.softmaxCrossEntropy("value_loss", denseLabels, valueLogits(sd, taps), w));
            }
            if (weights.objectAttention() > 0) {
                loss = loss.add(objectAttention(sd, taps, denseLabels).mean().mul(weights.objectAttention()));
            }
        }
        if (weights.classTokenMlp() > 0) {
            loss = loss.add(classTokenMlpShare(g.taps()).mean().mul(weights.classTokenMlp()));
        }
        loss = sd.identity(LOSS, loss);
        sd.setLossVariables(loss);
    }

    /**
     * Per position of the final feature grid: the classifier itself applied to the position's features,
     * and a background score from a training-only head [B·P, C + 1]. For a ViT the positions are the
     * patch tokens after the final LayerNorm and the classifier is the one that reads the CLS token, so
     * the dense labels teach the patch tokens to carry their class in the very directions the decision
     * reads; what the CLS token gathers from an object's tokens is then evidence for that object's
     * class, which gradient-weighted explanations pick out. For a ResNet the cells' class scores average
     * to exactly the image's logits (average pooling and the linear layer commute), so the dense labels
     * teach the very evidence the decision averages to lie on the object.
     */
    static SDVariable denseLogits(SameDiff sd, TrainingGraph.Taps taps) {
        SDVariable classScores = sd.mmul(taps.positions(), taps.classifierWeight()).add(taps.classifierBias());
        return sd.concat(1, classScores, denseHead(sd, "dense_head", taps.positions(), taps.width(), 1));
    }

    /**
     * Per patch token, the classifier's reading of what the token passes to the CLS token in the last
     * block (its values through the output projection, layer-normalised with the final norm's gain, then
     * the classifier's weights), plus a training-only background score [B·P, C + 1].
     */
    static SDVariable valueLogits(SameDiff sd, TrainingGraph.Taps taps) {
        TrainingGraph.ClassToken cls = classToken(taps, "a value-evidence loss");
        int d = taps.width();
        int prefix = cls.prefixTokens();
        int n = prefix + taps.grid() * taps.grid();
        // what token p adds to the CLS token per unit of attention: W_proj · [v_{1,p} … v_{H,p}]; the
        // projection's bias is added once whatever the attention, so it is no token's evidence
        SDVariable perToken = sd.reshape(cls.values().permute(0, 2, 1, 3), -1, n, d);
        SDVariable values = sd.reshape(perToken.get(SDIndex.all(), SDIndex.interval(prefix, n), SDIndex.all()), -1, d);
        SDVariable passed = sd.mmul(values, cls.projection());
        // read as the classifier reads the CLS token: layer-normalised with the final norm's gain (its
        // bias, like the head's, is the same for every token), then the head's weights
        SDVariable normed = sd.nn.layerNorm(passed, cls.finalNormGain(), false, 1);
        SDVariable classScores = sd.mmul(normed, taps.classifierWeight());
        return sd.concat(1, classScores, denseHead(sd, "value_head", passed, d, 1));
    }

    /**
     * Per image, the squared size of what the last block's MLP adds to the CLS token relative to the
     * CLS token before it, ‖m‖² / ‖x₁‖² [B].
     */
    static SDVariable classTokenMlpShare(TrainingGraph.Taps taps) {
        TrainingGraph.ClassToken cls = classToken(taps, "a CLS-MLP loss");
        // relative, since the final LayerNorm makes the CLS token's scale irrelevant: a smaller MLP output
        // and a larger state before it are the same thing to the decision
        SDVariable m2 = cls.mlpOutput().mul(cls.mlpOutput()).sum(1);
        SDVariable x2 = cls.beforeMlp().mul(cls.beforeMlp()).sum(1).add(1e-6);
        return m2.div(x2);
    }

    /**
     * Per image, the object-attention loss term −Σ_p q_p log(â_p + ε) [B] (see {@link LossWeights}),
     * its targets from the dense labels [B·P, C + 1] (background last).
     */
    static SDVariable objectAttention(SameDiff sd, TrainingGraph.Taps taps, SDVariable denseLabels) {
        TrainingGraph.ClassToken c = classToken(taps, "an object-attention loss");
        int prefix = c.prefixTokens();
        int patches = taps.grid() * taps.grid();
        int n = prefix + patches;
        SDVariable cls = c.attention().get(SDIndex.all(), SDIndex.all(), SDIndex.point(0), SDIndex.interval(prefix, n))
                .mean(1);
        // renormalised over the patches: what the CLS token keeps of itself (or a distillation token) is
        // not the loss's business, only where among the patches it looks
        SDVariable share = cls.div(cls.sum(true, 1));
        SDVariable covered = sd.reshape(denseLabels.get(SDIndex.all(), SDIndex.point(taps.classes())).rsub(1.0), -1, patches);
        SDVariable target = covered.div(covered.sum(true, 1).add(1e-6));
        return target.mul(sd.math.log(share.add(1e-8))).sum(1).neg();
    }

    private static TrainingGraph.ClassToken classToken(TrainingGraph.Taps taps, String loss) {
        return taps.classToken().orElseThrow(() -> new IllegalArgumentException(
                loss + " needs a ViT that classifies its CLS token"));
    }

    /**
     * A training-only linear head [B·P, width] → [B·P, outputs], N(0, 0.02²) start, its variables
     * named {@code name}.weight|bias; never saved.
     */
    private static SDVariable denseHead(SameDiff sd, String name, SDVariable positions, int width, int outputs) {
        SplittableRandom r = new SplittableRandom(width);
        float[] w = new float[width * outputs];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (r.nextGaussian() * 0.02);
        }
        SDVariable weight = sd.var(name + ".weight", TrainableModel.array(new Tensor(w, new long[]{width, outputs})));
        SDVariable bias = sd.var(name + ".bias", Nd4j.zeros(DataType.FLOAT, outputs));
        return sd.mmul(positions, weight).add(bias);
    }
}
