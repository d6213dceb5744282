package dev.xai4j.eval;

import dev.xai4j.data.Mask;
import dev.xai4j.explain.Target;
import dev.xai4j.image.RgbImage;

/**
 * One image to score explanations on.
 *
 * @param name   a short identifier for messages and reports
 * @param image  the image, any size (it is brought to the model's frame as for an explanation)
 * @param target which class is explained
 * @param mask   the object's pixel mask, same size as the image; null when there is none (then the
 *               localisation metrics cannot be asked for)
 */
public record MetricInput(String name, RgbImage image, Target target, Mask mask) {

    public MetricInput {
        if (image == null || target == null) {
            throw new IllegalArgumentException("an input needs an image and a target");
        }
        if (mask != null && (mask.width() != image.width() || mask.height() != image.height())) {
            throw new IllegalArgumentException("input " + name + ": mask " + mask.width() + "x" + mask.height()
                    + " does not match image " + image.width() + "x" + image.height());
        }
    }

    /** An image explained for its top class, without a mask. */
    public static MetricInput of(String name, RgbImage image) {
        return new MetricInput(name, image, Target.top(), null);
    }

    /** A single-object sample explained for its label, with its mask. */
    public static MetricInput of(Sample sample) {
        if (!sample.singleObject()) {
            throw new IllegalArgumentException("sample " + sample.name() + " has " + sample.objects().size() + " objects; "
                    + "the metrics take single-object samples");
        }
        return new MetricInput(sample.name(), sample.image(), Target.index(sample.label()), sample.objects().get(0).mask());
    }
}
