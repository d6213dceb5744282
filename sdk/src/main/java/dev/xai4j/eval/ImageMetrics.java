package dev.xai4j.eval;

import java.util.List;

/**
 * Every requested method's metrics on one image.
 *
 * @param name           the input's name
 * @param predicted      the model's top class on the unperturbed image
 * @param predictedLabel its label
 * @param methods        one entry per method, in request order
 */
public record ImageMetrics(String name, int predicted, String predictedLabel, List<MethodMetrics> methods) {

    public ImageMetrics {
        methods = List.copyOf(methods);
    }

    /**
     * A method's entry by its name.
     *
     * @throws IllegalArgumentException naming the methods present when none matches
     */
    public MethodMetrics method(String method) {
        return methods.stream().filter(m -> m.method().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method '" + method + "'; methods: "
                        + methods.stream().map(MethodMetrics::method).toList()));
    }
}
