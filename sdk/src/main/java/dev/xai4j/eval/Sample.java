package dev.xai4j.eval;

import dev.xai4j.data.Mask;
import dev.xai4j.data.Scene;
import dev.xai4j.image.RgbImage;

import java.util.List;

/**
 * One evaluation image with its ground truth: one object (a single-object sample: accuracy,
 * localisation and deletion/insertion are measured on it) or several objects of different classes
 * (a multi-object sample: class discrimination is measured on it).
 *
 * @param name    a short identifier (file stem or scene number), for messages
 * @param image   the image
 * @param objects the objects, each with its model class index and pixel mask (same size as the image)
 */
public record Sample(String name, RgbImage image, List<LabeledMask> objects) {

    /** An object's class index (in the evaluated model's labels) and its pixel mask. */
    public record LabeledMask(int label, Mask mask) {
    }

    public Sample {
        objects = List.copyOf(objects);
        if (objects.isEmpty()) {
            throw new IllegalArgumentException("sample " + name + " has no object");
        }
        for (LabeledMask o : objects) {
            if (o.mask().width() != image.width() || o.mask().height() != image.height()) {
                throw new IllegalArgumentException("sample " + name + ": mask " + o.mask().width() + "x"
                        + o.mask().height() + " does not match image " + image.width() + "x" + image.height());
            }
        }
    }

    /** A generated scene; class indices are the {@link dev.xai4j.data.Shape} ordinals. */
    public static Sample of(String name, Scene scene) {
        return new Sample(name, scene.image(),
                scene.objects().stream().map(o -> new LabeledMask(o.label(), o.mask())).toList());
    }

    /** Whether this sample has exactly one object. */
    public boolean singleObject() {
        return objects.size() == 1;
    }

    /** The class of the (first) object. */
    public int label() {
        return objects.get(0).label();
    }
}
