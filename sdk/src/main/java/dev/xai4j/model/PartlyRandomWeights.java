package dev.xai4j.model;

import java.util.Set;

/**
 * Another model's weights with some parameters replaced by {@link RandomWeights}: what a randomised
 * copy of a model is built from (see {@link VisionModel#withRandomParameters}). Which tensors exist
 * and their shapes stay those of the base, so the copy has the base's graph.
 */
final class PartlyRandomWeights implements Weights {

    private final Weights base;
    private final Set<String> replaced;
    private final RandomWeights random;

    PartlyRandomWeights(Weights base, Set<String> replaced, long seed) {
        this.base = base;
        this.replaced = Set.copyOf(replaced);
        this.random = new RandomWeights(seed);
    }

    @Override
    public boolean has(String name) {
        return base.has(name);
    }

    @Override
    public long[] shape(String name) {
        return base.shape(name);
    }

    @Override
    public Tensor get(String name, long... expectedShape) {
        if (!replaced.contains(name)) {
            return base.get(name, expectedShape);
        }
        long[] shape = expectedShape.length > 0 ? expectedShape : base.shape(name);
        return random.get(name, shape);
    }

    @Override
    public String toString() {
        return base + " with " + replaced.size() + " parameters randomised";
    }
}
