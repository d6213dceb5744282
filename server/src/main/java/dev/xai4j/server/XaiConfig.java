package dev.xai4j.server;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The server's own settings, under the {@code xai.} prefix of {@code application.properties} (each
 * can be overridden by a system property or an environment variable, e.g. {@code XAI_MODELS_DIR}).
 */
@ConfigMapping(prefix = "xai")
public interface XaiConfig {

    /** The model used when a request names none; loaded at start, and readiness waits for it. */
    @WithDefault("vit-tiny")
    String defaultModel();

    /** Named models: {@code xai.models.<name>.path} = a checkpoint folder. */
    Map<String, ModelEntry> models();

    /** A folder scanned once at start: each sub-folder holding a checkpoint becomes a model named after it. */
    Optional<Path> modelsDir();

    /** The model cache. */
    Cache cache();

    /** The inference pool. */
    Inference inference();

    /** Request limits. */
    Limits limits();

    /** One configured model. */
    interface ModelEntry {
        /** Checkpoint folder (or its {@code .safetensors} file); relative paths resolve against the working directory. */
        Path path();
    }

    /** The model cache. */
    interface Cache {
        /**
         * Memory the loaded models may take together, as estimated from their parameter counts
         * (4 bytes per parameter, times the graph overhead factor). The least recently used idle
         * models are closed to stay under it.
         */
        @WithDefault("4G")
        MemorySize memoryBudget();

        /** Estimated memory of a loaded graph relative to its float32 weights (activations, gradients, copies). */
        @WithDefault("3")
        double overheadFactor();
    }

    /** The inference pool: a fixed number of threads and a bounded queue in front of them. */
    interface Inference {
        /** Threads running decoding, inference and rendering. */
        @WithDefault("2")
        int threads();

        /** Requests that may wait for a thread; beyond that the server answers 503. */
        @WithDefault("32")
        int queueSize();

        /** Longest time a request may wait and run before the server answers 504. */
        @WithDefault("60s")
        Duration timeout();

        /**
         * Threads ND4J may use inside one operation; default {@code max(1, cores / threads)}, because
         * the pool already runs requests side by side (see {@code NativeThreads}).
         */
        Optional<Integer> nativeThreads();

        /** The {@code Retry-After} advice of a 503 answer. */
        @WithDefault("2s")
        Duration retryAfter();
    }

    /** Request limits. */
    interface Limits {
        /** Largest encoded image accepted (per image, after base64 decoding); larger gives 413. */
        @WithDefault("20M")
        MemorySize maxImageSize();

        /** Largest image in pixels (width × height), checked from the header before decoding; larger gives 413. */
        @WithDefault("40000000")
        long maxPixels();

        /** Most images in one batch request. */
        @WithDefault("16")
        @WithName("max-batch-size")
        int maxBatchSize();
    }
}
