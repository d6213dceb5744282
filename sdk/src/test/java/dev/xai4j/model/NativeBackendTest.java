package dev.xai4j.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NativeBackendTest {

    @Test
    void picksTheOneDnnBuildThatTheCpuRuns() {
        assertEquals("-onednn-avx512", NativeBackend.extensionFor("fpu sse avx2 fma avx512f avx512bw avx512vl avx512dq", "amd64"));
        assertEquals("-onednn-avx2", NativeBackend.extensionFor("fpu sse avx avx2 fma avx512f", "amd64"));
        assertEquals("-onednn", NativeBackend.extensionFor("fpu sse sse4_2 avx", "x86_64"));
        assertEquals("", NativeBackend.extensionFor("fp asimd", "aarch64"));
    }

    @Test
    void isChosenBeforeNd4jLoads() {
        String ext = NativeBackend.init();
        assertEquals(ext, System.getProperty(NativeBackend.EXTENSION_PROPERTY));
    }
}
