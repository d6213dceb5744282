package dev.xai4j.model;

import java.util.SplittableRandom;

/**
 * Deterministic random parameters for a configuration alone, so that full-size models can be
 * measured without pretrained weights: linear and embedding weights N(0, 0.02²), convolutions
 * He-normal, LayerNorm and batch-norm scales 1, biases and running means 0, running variances 1.
 * Each tensor's values depend only on the seed and its name.
 */
final class RandomWeights implements Weights {

    private final long seed;

    RandomWeights(long seed) {
        this.seed = seed;
    }

    @Override
    public boolean has(String name) {
        // Builders ask only about optional tensors: shortcuts and batch norms exist, folded conv biases do not.
        return !(name.endsWith(".bias") && name.contains("conv"));
    }

    @Override
    public long[] shape(String name) {
        return null;
    }

    @Override
    public Tensor get(String name, long... shape) {
        int n = (int) Tensor.elementCount(shape);
        float[] v = new float[n];
        if (name.endsWith("running_var") || (name.endsWith(".weight") && shape.length == 1)) {
            java.util.Arrays.fill(v, 1f);
        } else if (name.endsWith(".bias") || name.endsWith("running_mean")) {
            // zeros
        } else {
            double std = shape.length == 4 && !name.startsWith("patch_embed")
                    ? Math.sqrt(2.0 / (shape[1] * shape[2] * shape[3])) : 0.02;
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
            for (int i = 0; i < n; i++) {
                v[i] = (float) (r.nextGaussian() * std);
            }
        }
        return new Tensor(v, shape.clone());
    }

    @Override
    public String toString() {
        return "random weights (seed " + seed + ")";
    }
}
