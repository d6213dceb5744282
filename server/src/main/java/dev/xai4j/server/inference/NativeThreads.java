package dev.xai4j.server.inference;

import dev.xai4j.model.NativeBackend;
import org.jboss.logging.Logger;

/**
 * How many threads ND4J may use inside one operation. ND4J defaults to one per core, which is right
 * for one job on an idle machine but ruinous for a server: with several requests (or other
 * processes) busy, its threads wait on each other at every op barrier. Measured on the 2-core build
 * machine under load, an explanation of the fixture ViT took ~3 s by default, ~0.5 s with the
 * settings made here, and ~0.15 s with {@code OMP_NUM_THREADS=1} in the environment. The server
 * parallelises across requests instead, so the default is {@code max(1, cores / xai.inference.threads)}.
 *
 * <p>{@link NativeBackend#setThreads} sets libnd4j's and the BLAS library's (process-wide) counts,
 * and every model loaded afterwards sets OpenMP's (per thread) on its own worker.
 */
public final class NativeThreads {

    private static final Logger LOG = Logger.getLogger(NativeThreads.class);

    private NativeThreads() {
    }

    /** The default for a pool of {@code poolThreads}. */
    public static int defaultFor(int poolThreads) {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, poolThreads));
    }

    /** Sets ND4J's threads per operation; call before the first model loads. */
    public static void apply(int threads) {
        NativeBackend.setThreads(threads);
        LOG.infof("ND4J runs each operation on %d thread(s)", threads);
    }
}
