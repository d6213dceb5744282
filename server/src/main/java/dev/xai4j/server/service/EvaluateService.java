package dev.xai4j.server.service;

import dev.xai4j.data.Mask;
import dev.xai4j.eval.ExplanationMetrics;
import dev.xai4j.eval.ImageMetrics;
import dev.xai4j.eval.Metric;
import dev.xai4j.eval.MetricInput;
import dev.xai4j.eval.MetricOptions;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.Target;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.VisionModel;
import dev.xai4j.server.XaiConfig;
import dev.xai4j.server.api.dto.EvaluateResponse;
import dev.xai4j.server.api.dto.Timings;
import dev.xai4j.server.inference.InferencePool;
import dev.xai4j.server.models.ModelCache;
import dev.xai4j.server.models.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Explanation metrics for the REST API: checks the request, decodes on the {@link InferencePool},
 * then runs {@link ExplanationMetrics} there under the same limits as an explanation.
 */
@ApplicationScoped
public class EvaluateService {

    @Inject
    XaiConfig config;

    @Inject
    ModelRegistry models;

    @Inject
    InferencePool pool;

    @Inject
    ExplainService explain;

    /** The metrics named by ids, in request order. */
    public static Set<Metric> metrics(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw InvalidRequestException.of("metrics", "metrics is required: one or more of " + String.join(", ", Metric.ids()));
        }
        Set<Metric> out = new LinkedHashSet<>();
        for (String id : ids) {
            try {
                out.add(Metric.of(id == null ? "" : id));
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.of("metrics", e.getMessage());
            }
        }
        return out;
    }

    /**
     * Scores the methods on the images.
     *
     * @param masks one per image, or null; an entry may be null where an image has none
     */
    public EvaluateResponse evaluate(String modelName, List<ImageData> images, List<ImageData> masks,
                                     List<MethodRequest> methods, Set<Metric> metrics, Target target, MetricOptions options) {
        long t0 = System.nanoTime();
        String name = explain.modelName(modelName);
        int max = config.limits().maxBatchSize();
        if (images.size() > max) {
            throw InvalidRequestException.of("images", images.size() + " images in one request, more than the limit of "
                    + max + " (xai.limits.max-batch-size)");
        }
        if (target instanceof Target.TopK) {
            throw InvalidRequestException.of("target", "metrics explain one class per image: top, a class index or a label");
        }
        for (Metric m : metrics) {
            for (int i = 0; i < images.size(); i++) {
                if (m.needsMask() && (masks == null || masks.get(i) == null)) {
                    throw InvalidRequestException.of(masks == null ? "mask" : "masks[" + i + "]",
                            "metric " + m.id() + " needs an object mask for every image");
                }
            }
        }
        models.knownInfo(name).ifPresent(info -> explain.validate(info, methods, target));
        long a = System.nanoTime();
        List<MetricInput> inputs = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            RgbImage image = explain.decodeImage(images.get(i));
            Mask mask = null;
            if (masks != null && masks.get(i) != null) {
                RgbImage m = explain.decodeImage(masks.get(i));
                if (m.width() != image.width() || m.height() != image.height()) {
                    throw InvalidRequestException.of(masks.get(i).field(), masks.get(i).field() + " is " + m.width() + "x"
                            + m.height() + ", its image " + image.width() + "x" + image.height());
                }
                mask = Mask.of(m);
            }
            inputs.add(new MetricInput(images.get(i).field(), image, target, mask));
        }
        long b = System.nanoTime();
        InferencePool.Outcome<List<ImageMetrics>> o = pool.call(() -> {
            try (ModelCache.Lease<VisionModel> lease = models.acquire(name)) {
                dev.xai4j.model.ModelInfo info = lease.model().info();
                explain.validate(info, methods, target);
                int p = options.patchSize();
                if (metrics.contains(Metric.PERTURBATION) && (info.inputHeight() % p != 0 || info.inputWidth() % p != 0)) {
                    throw InvalidRequestException.of("patchSize", "patchSize " + p + " does not divide the "
                            + info.inputHeight() + "x" + info.inputWidth() + " input of model " + name);
                }
                if (metrics.contains(Metric.RANDOM_LOGIT) && info.numClasses() < 2) {
                    throw InvalidRequestException.of("metrics", "random-logit needs a model with at least 2 classes");
                }
                return new ExplanationMetrics(explain.engine(), options).evaluate(lease.model(), inputs, methods, metrics);
            }
        });
        long c = System.nanoTime();
        return new EvaluateResponse(name, metrics.stream().map(Metric::id).toList(), o.value(),
                new Timings(Results.ms(o.queuedNanos()), Results.ms(b - a), Results.ms(c - b - o.queuedNanos()), 0,
                        Results.ms(System.nanoTime() - t0)));
    }

}
