package dev.xai4j.model;

/**
 * A model's name and definition, and the file its weights are mapped from (closed with the model).
 *
 * @param resources  closed when the model closes
 * @param checkpoint the checkpoint the model was read from, whose tensors must all be used; null for a
 *                   model defined in code
 */
record ModelSpec(String name, ModelDefinition definition, AutoCloseable resources, Checkpoint checkpoint) {

    /** The ViT configuration where a built-in ViT family defined the model, else null (for {@link TrainingGraph#read}). */
    ViTConfig vit() {
        return definition.graphs() instanceof ViTFamily.Graphs g ? g.config() : null;
    }

    /** The ResNet configuration where the built-in ResNet family defined the model, else null (for {@link TrainingGraph#read}). */
    ResNetConfig resnet() {
        return definition.graphs() instanceof ResNetFamily.Graphs g ? g.config() : null;
    }

    Weights weights() {
        return definition.weights();
    }
}
