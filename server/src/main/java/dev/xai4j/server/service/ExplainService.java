package dev.xai4j.server.service;

import dev.xai4j.explain.ExplainRequest;
import dev.xai4j.explain.ExplainResult;
import dev.xai4j.explain.ExplanationEngine;
import dev.xai4j.explain.Explanation;
import dev.xai4j.explain.ImageExplanations;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.ParameterException;
import dev.xai4j.explain.Target;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.Interpolation;
import dev.xai4j.image.InvalidImageException;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Prediction;
import dev.xai4j.model.VisionModel;
import dev.xai4j.server.XaiConfig;
import dev.xai4j.server.api.dto.BatchExplainResponse;
import dev.xai4j.server.api.dto.ExplainResponse;
import dev.xai4j.server.api.dto.ExplanationResult;
import dev.xai4j.server.api.dto.ImageResult;
import dev.xai4j.server.api.dto.ImageSize;
import dev.xai4j.server.api.dto.Passes;
import dev.xai4j.server.api.dto.PredictResponse;
import dev.xai4j.server.api.dto.Timings;
import dev.xai4j.server.inference.InferenceMetrics;
import dev.xai4j.server.inference.InferencePool;
import dev.xai4j.server.models.ModelCache;
import dev.xai4j.server.models.ModelRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Predictions and explanations for the REST API: checks what can be checked at once, then runs
 * everything heavy (model loading, decoding, passes, rendering) on the {@link InferencePool}, so
 * that load is bounded and excess requests are refused quickly.
 */
@ApplicationScoped
public class ExplainService {

    @Inject
    XaiConfig config;

    @Inject
    ModelRegistry models;

    @Inject
    InferencePool pool;

    @Inject
    InferenceMetrics metrics;

    private final ExplanationEngine engine = new ExplanationEngine();
    private ImageDecoder decoder;

    @PostConstruct
    void init() {
        decoder = new ImageDecoder(config.limits().maxPixels());
    }

    /** The explanation engine (and through it, the explainer registry). */
    public ExplanationEngine engine() {
        return engine;
    }

    /** The model a request means: the one it names, or the default. */
    public String modelName(String requested) {
        String name = requested == null || requested.isBlank() ? models.defaultModel() : requested.trim();
        models.requireKnown(name);
        return name;
    }

    /** Classifies one image. */
    public PredictResponse predict(String modelName, ImageData image, int topK) {
        return predict(modelName, image, topK, 0);
    }

    /** Classifies one image with the model run at {@code inputSize} × {@code inputSize} pixels (0: its own size). */
    public PredictResponse predict(String modelName, ImageData image, int topK, int inputSize) {
        long t0 = System.nanoTime();
        if (topK < 1) {
            throw InvalidRequestException.of("topK", "topK must be at least 1, got " + topK);
        }
        String name = modelName(modelName);
        record Done(RgbImage image, Prediction prediction, long decode, long inference) {
        }
        InferencePool.Outcome<Done> o = pool.call(() -> {
            try (ModelCache.Lease<VisionModel> lease = acquire(name, inputSize)) {
                long a = System.nanoTime();
                RgbImage img = decode(image);
                long b = System.nanoTime();
                Prediction p = lease.model().predict(img, topK);
                long c = System.nanoTime();
                metrics.record(name, "predict", c - b);
                return new Done(img, p, b - a, c - b);
            }
        });
        Done d = o.value();
        return new PredictResponse(name, new ImageSize(d.image.width(), d.image.height()), Results.scores(d.prediction),
                new Timings(Results.ms(o.queuedNanos()), Results.ms(d.decode), Results.ms(d.inference), 0,
                        Results.ms(System.nanoTime() - t0)));
    }

    /** Explains one image. */
    public ExplainResponse explain(ExplainJob job) {
        Batch b = run(job);
        ImageResult r = b.results.get(0);
        return new ExplainResponse(b.model, r.image(), r.prediction(), r.explanations(), r.agreement(), b.passes, b.timings);
    }

    /** Explains several images in one shared pass. */
    public BatchExplainResponse explainBatch(ExplainJob job) {
        Batch b = run(job);
        return new BatchExplainResponse(b.model, b.results, b.passes, b.timings);
    }

    private record Batch(String model, List<ImageResult> results, Passes passes, Timings timings) {
    }

    private record Work(List<ImageResult> results, Passes passes, long decode, long inference, long render) {
    }

    private Batch run(ExplainJob job) {
        long t0 = System.nanoTime();
        String name = modelName(job.model());
        int max = config.limits().maxBatchSize();
        if (job.images().isEmpty()) {
            throw InvalidRequestException.of("images", "no image given");
        }
        if (job.images().size() > max) {
            throw InvalidRequestException.of("images", job.images().size() + " images in one request, more than the limit of "
                    + max + " (xai.limits.max-batch-size)");
        }
        if (job.methods().isEmpty()) {
            throw InvalidRequestException.of("methods", "no methods given; see GET /api/v1/explainers");
        }
        // Check what can be checked without the pool: unknown methods always, the rest if the model was seen before.
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        for (MethodRequest m : job.methods()) {
            try {
                engine.registry().get(m.method());
            } catch (ParameterException e) {
                errors.add(InvalidRequestException.error(m.method(), e));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        models.knownInfo(name, job.inputSize()).ifPresent(info -> validate(info, job));

        InferencePool.Outcome<Work> o = pool.call(() -> {
            try (ModelCache.Lease<VisionModel> lease = acquire(name, job.inputSize())) {
                return work(name, lease.model(), job);
            }
        });
        Work w = o.value();
        return new Batch(name, w.results, w.passes, new Timings(Results.ms(o.queuedNanos()), Results.ms(w.decode),
                Results.ms(w.inference), Results.ms(w.render), Results.ms(System.nanoTime() - t0)));
    }

    private Work work(String name, VisionModel model, ExplainJob job) {
        validate(model.info(), job);
        long a = System.nanoTime();
        List<RgbImage> images = new ArrayList<>();
        for (ImageData d : job.images()) {
            images.add(decode(d));
        }
        long b = System.nanoTime();
        ExplainResult result = engine.explain(model, new ExplainRequest(images, job.target(), job.methods(), job.topK()));
        long c = System.nanoTime();
        record(name, result);

        List<ImageResult> out = new ArrayList<>();
        for (ImageExplanations ie : result.images()) {
            RgbImage image = images.get(ie.index());
            // a 40-megapixel upload should not come back as 40-megapixel PNGs: overlays are drawn on the
            // image shrunk to the requested size (never enlarged)
            RgbImage base = job.overlay() ? image.fittedWithin(job.overlaySize(), Interpolation.BILINEAR) : null;
            List<ExplanationResult> explanations = new ArrayList<>();
            for (Explanation e : ie.explanations()) {
                String png = job.overlay() ? Results.overlay(base, e.map(), job.render()) : null;
                explanations.add(Results.explanation(e, job.raw(), png));
            }
            out.add(new ImageResult(ie.index(), new ImageSize(image.width(), image.height()),
                    Results.scores(ie.prediction()), explanations, job.agreement() ? Results.agreement(ie) : null));
        }
        long d = System.nanoTime();
        return new Work(out, Results.passes(result), b - a, c - b, d - c);
    }

    /** Per method: its share of the shared pass plus its own work on every image. */
    private void record(String model, ExplainResult result) {
        Map<String, Long> nanos = new LinkedHashMap<>();
        for (ImageExplanations ie : result.images()) {
            for (Explanation e : ie.explanations()) {
                nanos.merge(e.method(), e.methodNanos(), Long::sum);
            }
        }
        nanos.forEach((method, n) -> metrics.record(model, method, result.passNanos() + n));
    }

    /**
     * Every method, parameter and target problem of a request against a model, reported together.
     *
     * @throws InvalidRequestException if there is any
     */
    private void validate(ModelInfo info, ExplainJob job) {
        validate(info, job.methods(), job.target());
    }

    /** Every method, parameter and target problem against a model, reported together (also for {@link EvaluateService}). */
    void validate(ModelInfo info, List<MethodRequest> methods, Target t) {
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        for (MethodRequest m : methods) {
            try {
                engine.validate(info, m);
            } catch (ParameterException e) {
                errors.add(InvalidRequestException.error(m.method(), e));
            }
        }
        for (Target part : t instanceof Target.Contrast c ? List.of(c.target(), c.rather()) : List.of(t)) {
            if (part instanceof Target.ClassIndex ci && (ci.index() < 0 || ci.index() >= info.numClasses())) {
                errors.add(new InvalidRequestException.FieldError(null, "target", "target class " + ci.index()
                        + " is out of range [0, " + (info.numClasses() - 1) + "] for model " + info.name()));
            } else if (part instanceof Target.Label l) {
                try {
                    info.labelIndex(l.label());
                } catch (IllegalArgumentException e) {
                    errors.add(new InvalidRequestException.FieldError(null, "target", e.getMessage()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    /**
     * Decodes an image on the pool, held to {@code xai.limits.max-image-size} and {@code max-pixels}
     * (for callers that decode once and explain many times, such as the web UI).
     *
     * @throws PayloadTooLargeException if the encoded image is over the size limit
     * @throws InvalidImageException    if it is not an image, cannot be decoded or has too many pixels
     */
    public RgbImage decodeImage(ImageData image) {
        long limit = config.limits().maxImageSize().asLongValue();
        if (image.bytes().length > limit) {
            throw new PayloadTooLargeException(image.field(), image.bytes().length, limit);
        }
        return pool.call(() -> decode(image)).value();
    }

    /** Classifies a decoded image on the pool. */
    public Prediction predictImage(String modelName, RgbImage image, int topK) {
        if (topK < 1) {
            throw InvalidRequestException.of("topK", "topK must be at least 1, got " + topK);
        }
        String name = modelName(modelName);
        return pool.call(() -> {
            try (ModelCache.Lease<VisionModel> lease = models.acquire(name)) {
                long a = System.nanoTime();
                Prediction p = lease.model().predict(image, topK);
                metrics.record(name, "predict", System.nanoTime() - a);
                return p;
            }
        }).value();
    }

    /**
     * Explains decoded images with the same checks, pool and metrics as {@link #explain}, and returns
     * the SDK's result as is (measures and raw tensors included).
     */
    public ExplainResult explainImages(String modelName, List<RgbImage> images, List<MethodRequest> methods,
                                       Target target, int topK) {
        String name = modelName(modelName);
        ExplainJob job = new ExplainJob(name, List.of(), methods, target, topK, true, false, null, 0, false);
        if (methods.isEmpty()) {
            throw InvalidRequestException.of("methods", "no methods given");
        }
        models.knownInfo(name).ifPresent(info -> validate(info, job));
        return pool.call(() -> {
            try (ModelCache.Lease<VisionModel> lease = models.acquire(name)) {
                validate(lease.model().info(), job);
                ExplainResult result = engine.explain(lease.model(), new ExplainRequest(images, target, methods, topK));
                record(name, result);
                return result;
            }
        }).value();
    }

    /** A lease on the model at an input size; a size the model cannot take is the request's fault (400). */
    private ModelCache.Lease<VisionModel> acquire(String name, int inputSize) {
        if (inputSize < 0) {
            throw InvalidRequestException.of("inputSize", "inputSize must be positive, got " + inputSize);
        }
        try {
            return models.acquire(name, inputSize);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of("inputSize", e.getMessage());
        }
    }

    private RgbImage decode(ImageData image) {
        try {
            return decoder.decode(image.bytes());
        } catch (InvalidImageException e) {
            throw new InvalidImageException(e.reason(), image.field() + ": " + e.getMessage(), e);
        }
    }
}
