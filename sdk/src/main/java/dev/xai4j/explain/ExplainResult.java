package dev.xai4j.explain;

import java.util.List;

/**
 * The result of one {@link ExplainRequest}.
 *
 * @param images         per image, in request order
 * @param forwardPasses  forward passes the shared plan ran (1, or 2 for top-k targets with gradients)
 * @param backwardPasses backward passes the shared plan ran (0 or 1)
 * @param passNanos      wall time of the shared passes
 */
public record ExplainResult(List<ImageExplanations> images, int forwardPasses, int backwardPasses, long passNanos) {

    public ExplainResult {
        images = List.copyOf(images);
    }
}
