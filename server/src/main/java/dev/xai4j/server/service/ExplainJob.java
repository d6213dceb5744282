package dev.xai4j.server.service;

import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.Target;
import dev.xai4j.render.RenderOptions;

import java.util.List;

/**
 * An explanation request in the service's terms, parsed from JSON or multipart.
 *
 * @param model       model name
 * @param images      the encoded images
 * @param methods     the methods with their parameters
 * @param target      which class to explain
 * @param topK        classes in each prediction
 * @param raw         include raw maps
 * @param overlay     include PNG overlays
 * @param render      how overlays are drawn
 * @param overlaySize longest side of overlays
 * @param agreement   include the agreement matrix
 * @param inputSize   the side the model runs at, 0 for the checkpoint's own
 */
public record ExplainJob(String model, List<ImageData> images, List<MethodRequest> methods, Target target, int topK,
                         boolean raw, boolean overlay, RenderOptions render, int overlaySize, boolean agreement,
                         int inputSize) {

    public ExplainJob {
        images = List.copyOf(images);
        methods = List.copyOf(methods);
    }

    /** A job for the model at its own input size. */
    public ExplainJob(String model, List<ImageData> images, List<MethodRequest> methods, Target target, int topK,
                      boolean raw, boolean overlay, RenderOptions render, int overlaySize, boolean agreement) {
        this(model, images, methods, target, topK, raw, overlay, render, overlaySize, agreement, 0);
    }

    /** This job with the model run at {@code size} × {@code size} pixels (0: its own size). */
    public ExplainJob withInputSize(int size) {
        return new ExplainJob(model, images, methods, target, topK, raw, overlay, render, overlaySize, agreement, size);
    }
}
