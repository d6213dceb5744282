package dev.xai4j.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a model has, as explainers, evaluation, anatomy, the server and the UI need to know it: they
 * ask for these, never for the architecture. A model family fills it in from what the checkpoint
 * holds.
 *
 * @param blocks            number of residual or transformer blocks, input to output
 * @param featureMaps       every spatial capture point, input to output; the last is the default of
 *                          the class-activation family
 * @param blockFeatureMaps  per block, the feature map that stands for it when a method is given a block
 *                          index (a transformer: its first normalisation; a CNN: its output)
 * @param tokens            the token layout, for models that compute on a token sequence
 * @param attention         global self-attention over the tokens in every block (capture points
 *                          {@link CapturePoints#attention}, {@link CapturePoints#query}, …), if the model has it
 * @param pooledClassifier  a single linear classifier on globally average-pooled features, if the model
 *                          has one (what CAM needs)
 * @param positionEmbedding the parameter holding learned position embeddings, if any
 * @param gradientRules     the modified-gradient (LRP) variants the model's graph builder supports;
 *                          always contains {@link GradientRules#STANDARD}
 */
public record Capabilities(int blocks, List<FeatureMap> featureMaps, List<String> blockFeatureMaps,
                           Optional<TokenLayout> tokens, Optional<SelfAttention> attention,
                           Optional<PooledClassifier> pooledClassifier, Optional<String> positionEmbedding,
                           Set<GradientRules> gradientRules) {

    /**
     * Global self-attention in every block: attention(l) is [B, heads, N, N] over the token layout.
     *
     * @param heads     heads per block
     * @param patchSize side of a patch in input pixels (a token's extent, for distances)
     */
    public record SelfAttention(int heads, int patchSize) {
    }

    /**
     * logits = W · mean_{h,w}(A) + b for the feature map A: the class-activation map of class c is
     * Σ_k W[c, k] A_k.
     *
     * @param featureMap the capture point A [B, K, h, w]
     * @param weight     the parameter W [C, K]
     */
    public record PooledClassifier(String featureMap, String weight) {
    }

    public Capabilities {
        featureMaps = List.copyOf(featureMaps);
        blockFeatureMaps = List.copyOf(blockFeatureMaps);
        gradientRules = Set.copyOf(gradientRules);
        if (!gradientRules.contains(GradientRules.STANDARD)) {
            throw new IllegalArgumentException("every model supports standard gradients");
        }
        if (featureMaps.isEmpty()) {
            throw new IllegalArgumentException("a model needs at least one feature map");
        }
        if (blockFeatureMaps.size() != blocks) {
            throw new IllegalArgumentException(blocks + " blocks but " + blockFeatureMaps.size() + " block feature maps");
        }
        List<String> names = featureMaps.stream().map(FeatureMap::name).toList();
        for (String b : blockFeatureMaps) {
            if (!names.contains(b)) {
                throw new IllegalArgumentException("block feature map " + b + " is not a feature map");
            }
        }
        if (attention.isPresent() && tokens.isEmpty()) {
            throw new IllegalArgumentException("self-attention needs a token layout");
        }
    }

    /** The feature map nearest the classifier: the class-activation family's default. */
    public FeatureMap lastFeatureMap() {
        return featureMaps.get(featureMaps.size() - 1);
    }

    /** The feature map of that name, if it is one. */
    public Optional<FeatureMap> featureMap(String name) {
        return featureMaps.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /**
     * The feature map standing for block {@code index}, negative from the end.
     *
     * @throws IllegalArgumentException naming the range when the index is out of it
     */
    public FeatureMap blockFeatureMap(int index) {
        if (index < -blocks || index >= blocks) {
            throw new IllegalArgumentException("block " + index + " is out of range [" + -blocks + ", " + (blocks - 1)
                    + "] for a model with " + blocks + " blocks");
        }
        return featureMap(blockFeatureMaps.get(index < 0 ? blocks + index : index)).orElseThrow();
    }

    /** Names of the feature maps, for messages and listings. */
    public List<String> featureMapNames() {
        return featureMaps.stream().map(FeatureMap::name).toList();
    }

    /** Whether the model's graph supports these gradient rules. */
    public boolean supports(GradientRules rules) {
        return gradientRules.contains(rules);
    }
}
