package dev.xai4j.data;

import dev.xai4j.image.RgbImage;

import java.util.List;

/**
 * A generated image with its objects' classes and pixel masks: the ground truth that explanations
 * are scored against.
 *
 * @param image   the rendered scene
 * @param objects one object, or two of different classes in a two-object scene
 */
public record Scene(RgbImage image, List<SceneObject> objects) {

    /** One object of a scene. */
    public record SceneObject(Shape shape, Mask mask) {
        public int label() {
            return shape.ordinal();
        }
    }

    public Scene {
        objects = List.copyOf(objects);
    }

    /** The class of a single-object scene (the first object's). */
    public int label() {
        return objects.get(0).label();
    }
}
