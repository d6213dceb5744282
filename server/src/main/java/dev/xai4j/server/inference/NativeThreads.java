package dev.xai4j.server.inference;

import dev.xai4j.model.NativeBackend;
import org.jboss.logging.Logger;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads ND4J may use inside one operation. ND4J defaults to one per core, which is right
 * for one job on an idle machine but ruinous for a server: with several requests (or other
 * processes) busy, its threads wait on each other at every op barrier. Measured on the 2-core build
 * machine under load, an explanation of the fixture ViT took ~3 s by default, ~0.5 s with the
 * settings made here, and ~0.15 s with {@code OMP_NUM_THREADS=1} in the environment. The server
 * parallelises across requests instead, so the default is {@code max(1, cores / xai.inference.threads)}.
 *
 * <p>libnd4j's own thread count and the BLAS library's are process-wide and set here. OpenMP's
 * (used by the oneDNN kernels) is per calling thread, and models run on the SDK's own worker
 * threads, so it cannot be set from here: launch with {@code OMP_NUM_THREADS} as well.
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
        NativeBackend.init(); // the native build must be chosen before ND4J loads
        // three knobs: libnd4j's own op threads, OpenMP (oneDNN kernels), and the BLAS library's threads
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        LOG.infof("ND4J runs each operation on %d thread(s)", threads);
    }
}
