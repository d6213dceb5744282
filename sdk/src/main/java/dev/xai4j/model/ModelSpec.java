package dev.xai4j.model;

/**
 * A model's name and definition, and the file its weights are mapped from (closed with the model).
 *
 * @param resources closed when the model closes
 */
record ModelSpec(String name, ModelDefinition definition, AutoCloseable resources) {

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
