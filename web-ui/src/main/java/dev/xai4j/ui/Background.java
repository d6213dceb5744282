package dev.xai4j.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads the page's work waits on, off the UI thread. They do not compute anything heavy
 * themselves: they call the {@link ComparisonBackend}, which queues the work on the server's bounded
 * inference pool and refuses it when that is full. Their number is capped so that a flood of clicks
 * cannot create threads without limit; beyond the cap work is refused as "busy".
 */
final class Background {

    private static final int MAX_THREADS = 64;

    private static final ExecutorService POOL;

    static {
        AtomicInteger n = new AtomicInteger();
        POOL = new ThreadPoolExecutor(0, MAX_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "xai4j-ui-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    private Background() {
    }

    /**
     * Runs a task on a background thread.
     *
     * @throws java.util.concurrent.RejectedExecutionException if all threads are taken
     */
    static <T> Future<T> submit(Callable<T> task) {
        return POOL.submit(task);
    }
}
