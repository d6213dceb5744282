package dev.xai4j.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark on tiny models, one run each, so the command cannot rot. Times are not asserted. */
class BenchmarkSmokeTest {

    @TempDir
    Path dir;

    @Test
    void everyScenarioRunsAndReports() throws Exception {
        Path json = dir.resolve("bench.json");
        Benchmark.main(new String[]{"--smoke", "--batches", "1", "--json", json.toString()});
        List<?> results = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json.toFile(), List.class);
        // ViT forward + shared, one-by-one, ResNet forward + grad-cam, cold start
        assertEquals(6, results.size());
        for (Object o : results) {
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> r = (java.util.Map<String, Object>) o;
            assertTrue(((Number) r.get("medianMs")).doubleValue() > 0, r.toString());
            assertTrue(((Number) r.get("peakRssMb")).doubleValue() > 0, r.toString());
        }
    }
}
