package dev.xai4j.model;

/**
 * Where graph builders take parameters from, by canonical name (for the built-in families: timm
 * naming for ViT with {@code attn.q/k/v} split out, torchvision naming for ResNet). Implementations
 * map the canonical names onto a checkpoint's own and check shapes, so a builder never knows the file
 * format. Make one with {@link Checkpoint#weights}.
 */
public interface Weights {

    /** Whether a tensor of that canonical name exists. */
    boolean has(String name);

    /** The tensor, checked against the expected shape; errors name the checkpoint file and tensor. */
    Tensor get(String name, long... expectedShape);

    /** The tensor's shape, or null if it is absent. */
    long[] shape(String name);

    /**
     * Deterministic random parameters for whatever a builder asks (the shapes come from its
     * configuration): linear and embedding weights N(0, 0.02²), convolutions He-normal, LayerNorm and
     * batch-norm scales 1, biases and running means 0, running variances 1. Each tensor's values depend
     * only on the seed and its name. Every optional tensor exists except a convolution's bias.
     */
    static Weights random(long seed) {
        return new RandomWeights(seed);
    }
}
