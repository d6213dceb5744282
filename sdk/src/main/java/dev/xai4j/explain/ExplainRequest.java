package dev.xai4j.explain;

import dev.xai4j.image.RgbImage;

import java.util.List;

/**
 * A batch of images to explain, each with the same target rule and methods.
 *
 * @param images  the images (any size: each is preprocessed the model's way)
 * @param target  which class to explain
 * @param methods the methods to run
 * @param topK    how many classes the reported prediction lists
 */
public record ExplainRequest(List<RgbImage> images, Target target, List<MethodRequest> methods, int topK) {

    public ExplainRequest {
        images = List.copyOf(images);
        methods = List.copyOf(methods);
        if (images.isEmpty()) {
            throw new ParameterException("images", "no images to explain");
        }
        if (methods.isEmpty()) {
            throw new ParameterException("method", "no methods requested");
        }
        if (topK < 1) {
            throw new ParameterException("top_k", "top_k must be at least 1, got " + topK);
        }
    }

    /** One image, its top class, the given methods with defaults, a top-5 prediction. */
    public static ExplainRequest of(RgbImage image, String... methods) {
        return new ExplainRequest(List.of(image), Target.top(),
                java.util.Arrays.stream(methods).map(MethodRequest::of).toList(), 5);
    }
}
