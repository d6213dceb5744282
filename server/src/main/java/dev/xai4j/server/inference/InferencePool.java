package dev.xai4j.server.inference;

import dev.xai4j.server.XaiConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fixed pool every model-touching piece of work runs on (loading, decoding, inference,
 * rendering), so the server's CPU and memory use is bounded by {@code xai.inference.threads}
 * whatever the number of HTTP connections. In front of it, a bounded queue of
 * {@code xai.inference.queue-size}: a request that finds it full is refused at once
 * ({@link OverloadedException}, 503) rather than piling up. Each request may wait and run
 * {@code xai.inference.timeout} in all ({@link InferenceTimeoutException}, 504).
 *
 * <p>Metrics: {@code xai.inference.queue.depth} and {@code xai.inference.active} gauges,
 * {@code xai.inference.rejected} and {@code xai.inference.timeouts} counters, and the
 * {@code xai.inference.queue.wait} timer.
 */
@ApplicationScoped
public class InferencePool {

    @Inject
    XaiConfig config;

    @Inject
    MeterRegistry meters;

    private ThreadPoolExecutor executor;
    private Counter rejected;
    private Counter timeouts;
    private Timer queueWait;

    @PostConstruct
    void init() {
        XaiConfig.Inference c = config.inference();
        if (c.threads() < 1 || c.queueSize() < 0) {
            throw new IllegalStateException("xai.inference.threads must be ≥ 1 and xai.inference.queue-size ≥ 0");
        }
        AtomicInteger n = new AtomicInteger();
        // A queue of 0 is a hand-off: requests run only when a thread is free.
        executor = new ThreadPoolExecutor(c.threads(), c.threads(), 0, TimeUnit.MILLISECONDS,
                c.queueSize() == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(c.queueSize()),
                r -> {
                    Thread t = new Thread(r, "xai4j-inference-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.prestartAllCoreThreads();
        Gauge.builder("xai.inference.queue.depth", executor, e -> e.getQueue().size())
                .description("Requests waiting for an inference thread").register(meters);
        Gauge.builder("xai.inference.active", executor, ThreadPoolExecutor::getActiveCount)
                .description("Inference threads at work").register(meters);
        rejected = Counter.builder("xai.inference.rejected").tag("reason", "queue-full")
                .description("Requests refused with 503 because the queue was full").register(meters);
        timeouts = Counter.builder("xai.inference.timeouts")
                .description("Requests answered 504 because they exceeded the timeout").register(meters);
        queueWait = Timer.builder("xai.inference.queue.wait").publishPercentileHistogram()
                .description("Time requests waited for an inference thread").register(meters);
    }

    void stop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    /** A task's result and how long it waited for a thread. */
    public record Outcome<T>(T value, long queuedNanos) {
    }

    /**
     * Runs a task on the pool and waits for it, within the request timeout.
     *
     * @throws OverloadedException        if the queue is full
     * @throws InferenceTimeoutException  if it does not finish in time (it is then cancelled)
     * @throws RuntimeException           whatever the task threw, unwrapped
     */
    public <T> Outcome<T> call(Callable<T> task) {
        Duration timeout = config.inference().timeout();
        long submitted = System.nanoTime();
        long[] started = {0};
        Future<T> future;
        try {
            future = executor.submit(() -> {
                started[0] = System.nanoTime();
                queueWait.record(started[0] - submitted, TimeUnit.NANOSECONDS);
                return task.call();
            });
        } catch (RejectedExecutionException e) {
            rejected.increment();
            throw new OverloadedException(config.inference().queueSize(), config.inference().retryAfter());
        }
        try {
            T value = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return new Outcome<>(value, started[0] - submitted);
        } catch (TimeoutException e) {
            // Interrupts the task if it runs (a model call returns when its pass ends), or drops it from the queue.
            future.cancel(true);
            timeouts.increment();
            throw new InferenceTimeoutException(timeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for inference", e);
        } catch (CancellationException e) {
            throw new InferenceTimeoutException(timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Requests waiting now. */
    public int queueDepth() {
        return executor.getQueue().size();
    }
}
