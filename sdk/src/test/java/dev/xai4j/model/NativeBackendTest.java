package dev.xai4j.model;

import dev.xai4j.Fixtures;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NativeBackendTest {

    /** Two processors of an AVX-512 server, as the kernel writes them (tab before the colon). */
    static final String AVX512_CPUINFO = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
            flags\t\t: fpu vme sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq avx512cd avx512bw avx512vl
            vmx flags\t: vnmi preemption_timer
            bugs\t\t: spectre_v1

            processor\t: 1
            flags\t\t: fpu vme sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq avx512cd avx512bw avx512vl
            """;

    static final String AVX2_CPUINFO = """
            processor\t: 0
            model name\t: AMD EPYC 7R13 Processor
            flags\t\t: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 bmi2
            """;

    /** avx512f alone (no BW/VL, as on Knights Landing) does not run the AVX-512 build; AVX without AVX2 runs the generic one. */
    static final String AVX_CPUINFO = """
            processor\t: 0
            flags\t\t: fpu sse sse2 ssse3 sse4_1 sse4_2 avx avx512f
            """;

    static final String ARM_CPUINFO = """
            processor\t: 0
            BogoMIPS\t: 50.00
            Features\t: fp asimd evtstrm aes pmull sha1 sha2 crc32 atomics
            """;

    @Test
    void picksTheOneDnnBuildThatTheCpuRuns() {
        assertEquals("-onednn-avx512", NativeBackend.choose(null, AVX512_CPUINFO, "amd64"));
        assertEquals("-onednn-avx2", NativeBackend.choose(null, AVX2_CPUINFO, "amd64"));
        assertEquals("-onednn", NativeBackend.choose(null, AVX_CPUINFO, "x86_64"));
        assertEquals("-onednn", NativeBackend.choose(null, "", "amd64"), "unreadable cpuinfo: the generic x86-64 build");
        assertEquals("", NativeBackend.choose(null, ARM_CPUINFO, "aarch64"), "no oneDNN builds off x86-64");
        assertEquals("", NativeBackend.choose(null, AVX512_CPUINFO, "aarch64"));
    }

    @Test
    void readsTheFirstProcessorsFlagsLine() {
        assertTrue(NativeBackend.flags(AVX512_CPUINFO).startsWith("fpu vme"));
        assertTrue(NativeBackend.flags(AVX512_CPUINFO).endsWith("avx512vl"));
        assertEquals("", NativeBackend.flags(ARM_CPUINFO));
        // AVX2 needs FMA too for the AVX2 build
        assertEquals("-onednn", NativeBackend.extensionFor("fpu sse avx avx2", "amd64"));
    }

    @Test
    void anExplicitPropertyWinsOverTheCpu() {
        assertEquals("-onednn", NativeBackend.choose("-onednn", AVX512_CPUINFO, "amd64"));
        assertEquals("", NativeBackend.choose("", AVX512_CPUINFO, "amd64"), "empty: the plain build");
        assertEquals("-onednn-avx2", NativeBackend.choose("-onednn-avx2", ARM_CPUINFO, "amd64"));
    }

    /**
     * In a fresh JVM, loading a model through the SDK makes ND4J load the native library of the build
     * chosen for this machine's CPU: the choice was made before ND4J loaded.
     */
    @Test
    void theChosenBuildIsTheOneNd4jLoads() throws IOException, InterruptedException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        String arch = System.getProperty("os.arch", "");
        assumeTrue(Files.isReadable(cpuinfo) && (arch.equals("amd64") || arch.equals("x86_64")),
                "the oneDNN builds are for x86-64 Linux");
        String expected = NativeBackend.choose(null, Files.readString(cpuinfo), arch);

        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", cp,
                NativeBackendProbe.class.getName(), Fixtures.model("vit-tiny-hf").toAbsolutePath().toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> lines = out.lines().toList();
        assertTrue(lines.contains("chosen=" + expected), out);
        // JavaCPP extracts each build's libraries into a folder named after its platform and extension
        String folder = "/linux-x86_64" + expected + "/";
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("jnind4jcpu=") && l.contains(folder)),
                "ND4J's JNI library comes from " + folder + "\n" + out);
    }

    /** Loads a model as a user would, then prints the build chosen and the native libraries loaded. */
    static final class NativeBackendProbe {

        public static void main(String[] args) {
            try (VisionModel m = VisionModel.load(Path.of(args[0]))) {
                System.out.println("chosen=" + System.getProperty(NativeBackend.EXTENSION_PROPERTY));
                for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
                    System.out.println(e.getKey() + "=" + e.getValue());
                }
            }
        }
    }
}
