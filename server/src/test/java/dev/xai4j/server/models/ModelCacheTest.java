package dev.xai4j.server.models;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LRU model cache: budget, eviction order, leases, pinning, shared and failed loads. */
class ModelCacheTest {

    static final class Fake implements AutoCloseable {
        final String name;
        volatile boolean closed;

        Fake(String name) {
            this.name = name;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();

    ModelCache<Fake> cache(long budget, Set<String> pinned) {
        return new ModelCache<>(budget, name -> {
            loads.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            if (name.startsWith("broken")) {
                throw new IllegalStateException("cannot load " + name);
            }
            return new Fake(name);
        }, name -> 100, pinned);
    }

    @Test
    void evictsTheLeastRecentlyUsedIdleModelAndClosesIt() {
        ModelCache<Fake> c = cache(250, Set.of());
        Fake a;
        try (var l = c.acquire("a")) {
            a = l.model();
        }
        try (var l = c.acquire("b")) {
            assertEquals("b", l.model().name);
        }
        try (var l = c.acquire("a")) { // a is now more recent than b
            assertSame(a, l.model());
        }
        try (var l = c.acquire("c")) {
            assertEquals(List.of("a", "c"), c.loaded());
        }
        assertFalse(a.closed);
        assertEquals(1, loads.get("a").get());
        assertEquals(200, c.usedBytes());
    }

    @Test
    void neverClosesAModelWhileALeaseIsOpen() {
        ModelCache<Fake> c = cache(150, Set.of());
        var leaseA = c.acquire("a");
        try (var l = c.acquire("b")) {
            // over budget, but a is in use: it stays and stays open
            assertFalse(leaseA.model().closed);
            assertEquals(2, c.loaded().size());
        }
        // b was released while a was still leased: b is the idle one, so b goes
        assertEquals(List.of("a"), c.loaded());
        leaseA.close();
        assertFalse(leaseA.model().closed);
        try (var l = c.acquire("c")) {
            assertTrue(leaseA.model().closed, "a, idle and least recently used, is evicted for c");
        }
    }

    @Test
    void pinnedModelsStay() {
        ModelCache<Fake> c = cache(100, Set.of("default"));
        Fake d;
        try (var l = c.acquire("default")) {
            d = l.model();
        }
        try (var l = c.acquire("x")) {
            assertTrue(c.isLoaded("default"));
        }
        try (var l = c.acquire("y")) {
            assertFalse(c.isLoaded("x"));
        }
        assertFalse(d.closed);
    }

    @Test
    void concurrentRequestsShareOneLoad() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger count = new AtomicInteger();
        ModelCache<Fake> c = new ModelCache<>(1000, name -> {
            count.incrementAndGet();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Fake(name);
        }, n -> 10, Set.of());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Fake>> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add(pool.submit(() -> {
                try (var l = c.acquire("m")) {
                    return l.model();
                }
            }));
        }
        Thread.sleep(100);
        release.countDown();
        Fake first = got.get(0).get(5, TimeUnit.SECONDS);
        for (Future<Fake> f : got) {
            assertSame(first, f.get(5, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, count.get());
    }

    @Test
    void aWaiterThatTimesOutLeavesTheLoadToFinishAndBeCached() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ModelCache<Fake> c = new ModelCache<>(1000, name -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException("the load was interrupted");
            }
            return new Fake(name);
        }, n -> 10, Set.of());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> waiter = pool.submit(() -> c.acquire("m").close());
        Thread.sleep(100);
        waiter.cancel(true); // what the inference pool does on a timeout
        release.countDown();
        pool.shutdown();
        try (var l = c.acquire("m")) {
            assertEquals("m", l.model().name);
        }
        assertTrue(c.isLoaded("m"));
    }

    @Test
    void aFailedLoadIsNotCachedAndFreesItsBudget() {
        ModelCache<Fake> c = cache(1000, Set.of());
        assertThrows(IllegalStateException.class, () -> c.acquire("broken"));
        assertThrows(IllegalStateException.class, () -> c.acquire("broken"));
        assertEquals(2, loads.get("broken").get());
        assertEquals(0, c.usedBytes());
        assertTrue(c.loaded().isEmpty());
    }

    @Test
    void closeAllClosesEveryModel() {
        ModelCache<Fake> c = cache(1000, Set.of());
        Fake a;
        try (var l = c.acquire("a")) {
            a = l.model();
        }
        c.closeAll();
        assertTrue(a.closed);
        assertEquals(0, c.usedBytes());
    }
}
