package dev.xai4j.server.models;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.ToLongFunction;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loaded models, bounded by a memory budget: least recently used first out.
 *
 * <p>Callers {@link #acquire} a {@link Lease} and close it when done. A model is only ever closed
 * when no lease on it is open, so eviction never pulls a model from under a running request: when
 * the budget is exceeded, only idle models are evicted, and the cache stays over budget until the
 * busy ones are released (a reload of a model still in use would double its memory instead).
 * Concurrent requests for a model that is loading wait for the one load. Pinned models (the
 * default) are never evicted. A failed load is not cached: the next request tries again.
 *
 * @param <M> the model type
 */
public final class ModelCache<M extends AutoCloseable> {

    private static final Logger LOG = Logger.getLogger(ModelCache.class.getName());

    private final long budgetBytes;
    private final Function<String, M> loader;
    private final ToLongFunction<String> estimator;
    private final Set<String> pinned;
    private final ExecutorService loaders = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "xai4j-model-loader");
        t.setDaemon(true);
        return t;
    });
    /** Access order: iteration starts at the least recently used entry. */
    private final LinkedHashMap<String, Entry<M>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long usedBytes;

    /**
     * @param budgetBytes memory the models may take together
     * @param loader      loads a model by name (runs on a loader thread of the cache)
     * @param estimator   estimated memory of a model by name, before it is loaded
     * @param pinned      names never evicted
     */
    public ModelCache(long budgetBytes, Function<String, M> loader, ToLongFunction<String> estimator, Set<String> pinned) {
        this.budgetBytes = budgetBytes;
        this.loader = loader;
        this.estimator = estimator;
        this.pinned = Set.copyOf(pinned);
    }

    /** A model in use; closing the lease gives the model back to the cache (not closing the model). */
    public static final class Lease<M extends AutoCloseable> implements AutoCloseable {
        private final ModelCache<M> cache;
        private final Entry<M> entry;
        private final M model;
        private boolean closed;

        private Lease(ModelCache<M> cache, Entry<M> entry, M model) {
            this.cache = cache;
            this.entry = entry;
            this.model = model;
        }

        /** The model; valid until this lease is closed. */
        public M model() {
            return model;
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            cache.release(entry);
        }
    }

    private static final class Entry<M> {
        final String name;
        final long bytes;
        final CompletableFuture<M> model = new CompletableFuture<>();
        int leases;

        Entry(String name, long bytes) {
            this.name = name;
            this.bytes = bytes;
        }

        boolean loaded() {
            return model.isDone() && !model.isCompletedExceptionally();
        }
    }

    /**
     * The model of this name, loading it if needed, or waiting for a load under way. Loads run on
     * the cache's own loader threads, so a waiting request that is interrupted (timed out) neither
     * aborts the load nor poisons it for the others: the model is cached when it completes.
     *
     * @throws RuntimeException whatever the loader threw
     * @throws IllegalStateException if interrupted while waiting
     */
    public Lease<M> acquire(String name) {
        Entry<M> entry;
        boolean load = false;
        List<Entry<M>> evicted;
        synchronized (this) {
            entry = entries.get(name);
            if (entry == null) {
                entry = new Entry<>(name, estimator.applyAsLong(name));
                entries.put(name, entry);
                usedBytes += entry.bytes;
                load = true;
            }
            entry.leases++;
            evicted = evictIdle();
        }
        closeAll(evicted);
        if (load) {
            Entry<M> e = entry;
            loaders.execute(() -> {
                try {
                    e.model.complete(loader.apply(name));
                } catch (RuntimeException | Error ex) {
                    synchronized (this) {
                        if (entries.get(name) == e) {
                            entries.remove(name);
                            usedBytes -= e.bytes;
                        }
                    }
                    e.model.completeExceptionally(ex);
                }
            });
        }
        try {
            return new Lease<>(this, entry, entry.model.get());
        } catch (InterruptedException e) {
            release(entry);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for model '" + name + "'", e);
        } catch (ExecutionException e) {
            release(entry);
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void release(Entry<M> entry) {
        List<Entry<M>> evicted;
        synchronized (this) {
            entry.leases--;
            evicted = evictIdle();
        }
        closeAll(evicted);
    }

    /** Removes idle, unpinned, loaded entries, least recently used first, until the budget holds. */
    private List<Entry<M>> evictIdle() {
        List<Entry<M>> out = new ArrayList<>();
        Iterator<Map.Entry<String, Entry<M>>> it = entries.entrySet().iterator();
        while (usedBytes > budgetBytes && it.hasNext()) {
            Entry<M> e = it.next().getValue();
            if (e.leases == 0 && e.loaded() && !pinned.contains(e.name)) {
                it.remove();
                usedBytes -= e.bytes;
                out.add(e);
            }
        }
        if (usedBytes > budgetBytes && out.isEmpty() && LOG.isLoggable(Level.FINE)) {
            LOG.fine("model cache over budget (" + usedBytes + " > " + budgetBytes + " bytes) while its models are in use");
        }
        return out;
    }

    private static <M extends AutoCloseable> void closeAll(List<Entry<M>> evicted) {
        for (Entry<M> e : evicted) {
            LOG.info("evicting model '" + e.name + "' (least recently used, ~" + (e.bytes >> 20) + " MiB)");
            try {
                e.model.join().close();
            } catch (Exception ex) {
                LOG.log(Level.WARNING, "closing model '" + e.name + "' failed", ex);
            }
        }
    }

    /** Whether the model is loaded now. */
    public synchronized boolean isLoaded(String name) {
        Entry<M> e = entries.get(name);
        return e != null && e.loaded();
    }

    /** Names of the loaded models, least recently used first. */
    public synchronized List<String> loaded() {
        return entries.values().stream().filter(Entry::loaded).map(e -> e.name).toList();
    }

    /** Estimated memory of the models loaded or loading. */
    public synchronized long usedBytes() {
        return usedBytes;
    }

    /** The memory budget. */
    public long budgetBytes() {
        return budgetBytes;
    }

    /** Closes every model now (at shutdown); open leases must not be used afterwards. */
    public void closeAll() {
        loaders.shutdown();
        List<Entry<M>> all;
        synchronized (this) {
            all = entries.values().stream().filter(Entry::loaded).toList();
            entries.clear();
            usedBytes = 0;
        }
        for (Entry<M> e : all) {
            try {
                e.model.join().close();
            } catch (Exception ex) {
                LOG.log(Level.WARNING, "closing model '" + e.name + "' failed", ex);
            }
        }
    }
}
