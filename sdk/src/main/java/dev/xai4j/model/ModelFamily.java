package dev.xai4j.model;

import java.util.Optional;

/**
 * One kind of network the SDK can load: a checkpoint mapper (which tensors, named how, make this
 * family) and, through the {@link ModelDefinition} it returns, a graph builder and the model's
 * {@link Capabilities}. This is the registry entry of an architecture.
 *
 * <p>Families are found with {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/dev.xai4j.model.ModelFamily} of your jar. {@link VisionModel#load} asks
 * each family in turn; the first that recognises the checkpoint's tensors builds the model. The
 * built-in families (ViT, ResNet) are registered the same way.
 */
public interface ModelFamily {

    /** A short name for listings and messages, e.g. {@code vit}. */
    String name();

    /** What this family reads, for the message when no family recognises a checkpoint. */
    String describeFormat();

    /**
     * The model in {@code checkpoint}, or empty when its tensors are not of this family.
     *
     * @throws CheckpointException when the tensors are of this family but cannot be used (a
     *                             missing tensor, a wrong shape, a configuration it does not support)
     */
    Optional<ModelDefinition> recognize(Checkpoint checkpoint);
}
