package dev.xai4j.server.inference;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.TimeUnit;

/**
 * Latency per model and method, as a Prometheus histogram
 * ({@code xai_inference_duration_seconds_bucket{model,method}}): {@code method} is an explainer id
 * (its share of the shared pass plus its own work) or {@code predict}. Tag values come from the
 * configured model names and the registered explainers only, so the series stay bounded.
 */
@ApplicationScoped
public class InferenceMetrics {

    @Inject
    MeterRegistry meters;

    /** Records one model call. */
    public void record(String model, String method, long nanos) {
        Timer.builder("xai.inference.duration")
                .description("Inference latency per model and method")
                .tags("model", model, "method", method)
                .publishPercentileHistogram()
                .register(meters)
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
