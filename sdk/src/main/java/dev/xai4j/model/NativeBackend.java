package dev.xai4j.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Chooses the ND4J native build for this CPU before ND4J loads: the oneDNN build for AVX-512, for
 * AVX2, or the generic x86-64 one, so the product runs (and runs fast) on any x86-64 machine.
 *
 * <p>The choice is made through JavaCPP's {@code org.bytedeco.javacpp.platform.extension} system
 * property, read once when ND4J first loads its native library; a value set by the user (e.g.
 * {@code -Dorg.bytedeco.javacpp.platform.extension=}) is respected. Call {@link #init()} before any
 * ND4J class is touched; the SDK does so itself.
 */
public final class NativeBackend {

    /** The JavaCPP property that names the native build's extension. */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    /** System property: OpenMP threads each model's worker uses inside an op (default: all cores). */
    public static final String THREADS_PROPERTY = "xai4j.native.threads";

    private static volatile String chosen;
    private static volatile int threads = Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors());

    private NativeBackend() {
    }

    /** Picks the native build if nobody has; returns the extension in force ("" for the plain build). */
    public static synchronized String init() {
        if (chosen == null) {
            String override = System.getProperty(EXTENSION_PROPERTY);
            chosen = choose(override, override == null ? cpuinfo() : "", System.getProperty("os.arch", ""));
            // JavaCPP reads the property when ND4J loads its native library
            System.setProperty(EXTENSION_PROPERTY, chosen);
        }
        return chosen;
    }

    /**
     * Sets how many OpenMP threads a model's worker uses inside one op, for models created from now on.
     * A server running several models or requests at once wants 1 (threads fighting over few cores
     * slow every op many times over); a single model on an idle machine wants all cores.
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("native threads must be at least 1, got " + n);
        }
        init(); // the native build must be chosen before ND4J loads
        threads = n;
        // libnd4j's own op threads and the BLAS library's are process-wide; OpenMP's is per thread
        // and set by each model's worker
        org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(n);
        org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxMasterThreads(n);
        org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(n);
    }

    /** OpenMP threads per model worker. */
    public static int threads() {
        return threads;
    }

    /**
     * The extension in force: {@code override} (the property's value as the user set it, {@code ""}
     * for the plain build; {@code null} when unset) or else the one for this {@code /proc/cpuinfo}
     * text and {@code os.arch}.
     */
    static String choose(String override, String cpuinfo, String arch) {
        return override != null ? override : extensionFor(flags(cpuinfo), arch);
    }

    /** The extension for a CPU with these {@code /proc/cpuinfo} flags and this {@code os.arch}. */
    static String extensionFor(String flags, String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        if (!(a.equals("amd64") || a.equals("x86_64"))) {
            return ""; // only x86-64 has oneDNN builds of ND4J 1.0.0-M2.1
        }
        String f = " " + flags + " ";
        if (f.contains(" avx512f ") && f.contains(" avx512bw ") && f.contains(" avx512vl ")) {
            return "-onednn-avx512";
        }
        if (f.contains(" avx2 ") && f.contains(" fma ")) {
            return "-onednn-avx2";
        }
        return "-onednn";
    }

    /** The first processor's {@code flags} of a {@code /proc/cpuinfo} text ("" where there are none). */
    static String flags(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith("flags")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "";
    }

    private static String cpuinfo() {
        try {
            return Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return ""; // not Linux or not readable: the generic build
        }
    }
}
