package dev.xai4j.server.models;

import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.VisionModel;
import dev.xai4j.server.XaiConfig;
import dev.xai4j.server.inference.NativeThreads;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's models: which names exist ({@link ModelSources}), and which are loaded ({@link ModelCache},
 * bounded by {@code xai.cache.memory-budget}). Models load lazily on first use; the default model is
 * loaded in the background at start, pinned in the cache, and readiness waits for it.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    /** State of the default model's start-up load, for readiness. */
    public enum DefaultState { LOADING, READY, FAILED }

    @Inject
    XaiConfig config;

    @Inject
    MeterRegistry meters;

    private ModelSources sources;
    private ModelCache<VisionModel> cache;
    /** What each model is, remembered after eviction so listings need not reload it. */
    private final Map<String, ModelInfo> infos = new ConcurrentHashMap<>();
    private volatile DefaultState defaultState = DefaultState.LOADING;
    private volatile String defaultError;

    @PostConstruct
    void init() {
        XaiConfig.Inference pool = config.inference();
        NativeThreads.apply(pool.nativeThreads().orElse(NativeThreads.defaultFor(pool.threads())));
        // the embedded default models first; configured paths may override them by name
        Map<String, Path> configured = new LinkedHashMap<>(EmbeddedModels.extract());
        config.models().forEach((name, entry) -> configured.put(name, entry.path()));
        sources = ModelSources.discover(configured, config.modelsDir());
        if (!sources.contains(config.defaultModel())) {
            throw new IllegalStateException("the default model '" + config.defaultModel() + "' is not configured; known: "
                    + sources.names());
        }
        double overhead = config.cache().overheadFactor();
        cache = new ModelCache<>(config.cache().memoryBudget().asLongValue(), this::load,
                key -> ModelSize.estimate(sources.path(nameOf(key)).orElseThrow(), overhead), Set.of(config.defaultModel()));
        Gauge.builder("xai.models.loaded", cache, c -> c.loaded().size())
                .description("Models loaded in the cache").register(meters);
        Gauge.builder("xai.models.memory", cache, ModelCache::usedBytes).baseUnit("bytes")
                .description("Estimated memory of the loaded models").register(meters);
        LOG.infof("models: %s (default %s), cache budget %d MiB", sources.all(), config.defaultModel(),
                cache.budgetBytes() >> 20);
    }

    void start(@Observes StartupEvent event) {
        // Load the default model off the start-up thread, so the HTTP port opens at once; readiness waits.
        Thread t = new Thread(this::loadDefault, "xai4j-default-model");
        t.setDaemon(true);
        t.start();
    }

    private void loadDefault() {
        long t0 = System.nanoTime();
        try (ModelCache.Lease<VisionModel> lease = acquire(config.defaultModel())) {
            defaultState = DefaultState.READY;
            LOG.infof("default model %s loaded in %d ms", lease.model(), (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            defaultError = e.getMessage();
            defaultState = DefaultState.FAILED;
            LOG.errorf(e.getCause() != null ? e.getCause() : e, "default model '%s' failed to load", config.defaultModel());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (cache != null) {
            cache.closeAll();
        }
    }

    /**
     * The cache key of a model run at an input size other than its own: {@code name@size}. Each size is
     * a model of its own in the cache (its graph is built for one input shape).
     */
    private static String key(String name, int inputSize) {
        return inputSize > 0 ? name + "@" + inputSize : name;
    }

    private String nameOf(String key) {
        int at = key.lastIndexOf('@');
        return at > 0 && !sources.contains(key) ? key.substring(0, at) : key;
    }

    private VisionModel load(String key) {
        String name = nameOf(key);
        int inputSize = name.equals(key) ? 0 : Integer.parseInt(key.substring(name.length() + 1));
        Path path = sources.path(name).orElseThrow(() -> new UnknownModelException(name, sources.names()));
        long t0 = System.nanoTime();
        VisionModel model;
        try {
            model = VisionModel.load(path, inputSize);
        } catch (IllegalArgumentException e) {
            if (inputSize > 0) {
                throw e; // the size asked for does not suit the model: the request's fault
            }
            throw new ModelUnavailableException(name, e);
        } catch (RuntimeException e) {
            throw new ModelUnavailableException(name, e);
        }
        infos.put(key, model.info());
        LOG.infof("loaded model %s from %s in %d ms", key, path, (System.nanoTime() - t0) / 1_000_000);
        return model;
    }

    /**
     * A lease on a model, loading it if needed; close the lease when done.
     *
     * @throws UnknownModelException     if no model has this name
     * @throws ModelUnavailableException if its checkpoint cannot be loaded
     */
    public ModelCache.Lease<VisionModel> acquire(String name) {
        return acquire(name, 0);
    }

    /**
     * A lease on a model run at {@code inputSize} × {@code inputSize} pixels (0: its own size), loading
     * it if needed ({@link VisionModel#load(Path, int)}); close the lease when done.
     *
     * @throws UnknownModelException     if no model has this name
     * @throws IllegalArgumentException  if the model cannot run at that size
     * @throws ModelUnavailableException if its checkpoint cannot be loaded
     */
    public ModelCache.Lease<VisionModel> acquire(String name, int inputSize) {
        requireKnown(name);
        return cache.acquire(key(name, inputSize));
    }

    /**
     * Checks that a model of this name exists (without loading it).
     *
     * @throws UnknownModelException if not
     */
    public void requireKnown(String name) {
        if (!sources.contains(name)) {
            throw new UnknownModelException(name, sources.names());
        }
    }

    /** What a model is, loading it once if it never was. */
    public ModelInfo info(String name) {
        requireKnown(name);
        ModelInfo known = infos.get(name);
        if (known != null) {
            return known;
        }
        try (ModelCache.Lease<VisionModel> lease = acquire(name)) {
            return lease.model().info();
        }
    }

    /** What a model is, if it was loaded at least once. */
    public Optional<ModelInfo> knownInfo(String name) {
        return knownInfo(name, 0);
    }

    /** What a model run at an input size (0: its own) is, if it was loaded so at least once. */
    public Optional<ModelInfo> knownInfo(String name, int inputSize) {
        return Optional.ofNullable(infos.get(key(name, inputSize)));
    }

    /** Every model name, configured ones first. */
    public List<String> names() {
        return sources.names();
    }

    /** The default model's name. */
    public String defaultModel() {
        return config.defaultModel();
    }

    /** Whether a model is loaded now. */
    public boolean isLoaded(String name) {
        return cache.isLoaded(name);
    }

    /** The default model's start-up state. */
    public DefaultState defaultState() {
        return defaultState;
    }

    /** Why the default model failed to load, if it did. */
    public Optional<String> defaultError() {
        return Optional.ofNullable(defaultError);
    }
}
