package dev.xai4j.server.service;

import dev.xai4j.anatomy.AnatomyFigures;
import dev.xai4j.image.ImageDecoder;
import dev.xai4j.image.InvalidImageException;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.VisionModel;
import dev.xai4j.server.XaiConfig;
import dev.xai4j.server.api.dto.AnatomyResponse;
import dev.xai4j.server.api.dto.Timings;
import dev.xai4j.server.inference.InferenceMetrics;
import dev.xai4j.server.inference.InferencePool;
import dev.xai4j.server.models.ModelCache;
import dev.xai4j.server.models.ModelRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Base64;
import java.util.Map;

/**
 * ViT anatomy for the REST API: checks what can be checked at once (the model's name; its kind and
 * the parameters' ranges if it was seen before), then decodes, runs the pass, computes the views and
 * draws the figures on the {@link InferencePool}, like explanations (503 when the queue is full,
 * 504 past the timeout). The web UI's anatomy page gets the same from {@link #anatomyImage}.
 */
@ApplicationScoped
public class AnatomyService {

    /**
     * One anatomy request; null fields take their defaults.
     *
     * @param model   model name; the default model when null or blank
     * @param image   the encoded image
     * @param layer   block, negative from the end; default the last
     * @param head    mean, max, min or a head index; default mean
     * @param query   query token of the attention row; default 0 (CLS)
     * @param patch   patch of the position-similarity map; default the centre patch
     * @param figures whether to draw the figures; default true
     */
    public record Job(String model, ImageData image, Integer layer, String head, Integer query, Integer patch,
                      Boolean figures) {
    }

    /**
     * The anatomy of a decoded image for the web UI.
     *
     * @param model   the model's name
     * @param pass    the views and the prediction
     * @param figures {@link AnatomyFigures#standardSet} of the views, PNG bytes by name
     */
    public record Drawn(String model, Anatomies.Pass pass, Map<String, byte[]> figures) {
    }

    @Inject
    XaiConfig config;

    @Inject
    ModelRegistry models;

    @Inject
    InferencePool pool;

    @Inject
    InferenceMetrics metrics;

    private ImageDecoder decoder;

    @PostConstruct
    void init() {
        decoder = new ImageDecoder(config.limits().maxPixels());
    }

    /**
     * The anatomy of one image.
     *
     * @throws dev.xai4j.explain.ParameterException for a ResNet or a parameter out of range (400)
     */
    public AnatomyResponse anatomy(Job job) {
        long t0 = System.nanoTime();
        String name = modelName(job.model());
        Anatomies.heads(job.head()); // its form needs no model
        models.knownInfo(name).ifPresent(info -> select(name, info, job));
        boolean figures = job.figures() == null || job.figures();

        record Work(AnatomyResponse response, long decode, long inference, long render) {
        }
        InferencePool.Outcome<Work> o = pool.call(() -> {
            try (ModelCache.Lease<VisionModel> lease = models.acquire(name)) {
                VisionModel model = lease.model();
                Anatomies.Selection s = select(name, model.info(), job);
                long a = System.nanoTime();
                RgbImage image = decode(job.image());
                long b = System.nanoTime();
                Anatomies.Pass pass = Anatomies.run(model, image);
                long c = System.nanoTime();
                metrics.record(name, "anatomy", c - b);
                Map<String, String> pngs = figures
                        ? Anatomies.map(Anatomies.figures(pass.anatomy(), s), e -> Base64.getEncoder().encodeToString(e.getValue()))
                        : null;
                long d = System.nanoTime();
                return new Work(Anatomies.response(name, image, pass, s, pngs, null), b - a, c - b, d - c);
            }
        });
        Work w = o.value();
        Timings timings = new Timings(Results.ms(o.queuedNanos()), Results.ms(w.decode), Results.ms(w.inference),
                Results.ms(w.render), Results.ms(System.nanoTime() - t0));
        return w.response.withTimings(timings);
    }

    /**
     * The anatomy of a decoded image with the standard figures, on the pool with the same checks and
     * metrics as {@link #anatomy} (for the web UI, which decodes once and looks many times).
     *
     * @throws dev.xai4j.explain.ParameterException ({@code model}) for a model that is not a ViT with a CLS token
     */
    public Drawn anatomyImage(String modelName, RgbImage image) {
        String name = modelName(modelName);
        models.knownInfo(name).ifPresent(info -> Anatomies.requireViT(name, info));
        return pool.call(() -> {
            try (ModelCache.Lease<VisionModel> lease = models.acquire(name)) {
                Anatomies.requireViT(name, lease.model().info());
                long a = System.nanoTime();
                Anatomies.Pass pass = Anatomies.run(lease.model(), image);
                metrics.record(name, "anatomy", System.nanoTime() - a);
                return new Drawn(name, pass, AnatomyFigures.standardSet(pass.anatomy()));
            }
        }).value();
    }

    /** The model a request means: the one it names, or the default; 400 if unknown. */
    private String modelName(String requested) {
        String name = requested == null || requested.isBlank() ? models.defaultModel() : requested.trim();
        models.requireKnown(name);
        return name;
    }

    private static Anatomies.Selection select(String name, ModelInfo info, Job job) {
        return Anatomies.select(name, info, job.layer(), job.head(), job.query(), job.patch());
    }

    private RgbImage decode(ImageData image) {
        try {
            return decoder.decode(image.bytes());
        } catch (InvalidImageException e) {
            throw new InvalidImageException(e.reason(), image.field() + ": " + e.getMessage(), e);
        }
    }
}
