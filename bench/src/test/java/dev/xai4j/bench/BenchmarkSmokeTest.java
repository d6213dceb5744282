package dev.xai4j.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

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
        Benchmark.Report report = new com.fasterxml.jackson.databind.ObjectMapper().readValue(json.toFile(), Benchmark.Report.class);
        // ViT forward + shared + one-by-one; ResNet, ConvNeXt and EfficientNet forward + grad-cam; cold start
        assertEquals(10, report.results().size());
        for (Benchmark.Result r : report.results()) {
            assertTrue(r.medianMs() > 0, r.toString());
            assertTrue(r.peakRssMb() > 0, r.toString());
        }
        assertTrue(report.environment().containsKey("nativeBuild"), report.environment().toString());
        // comparison time and memory, shared vs one by one, ResNet grad-cam (no batch 8 here)
        assertEquals(4, report.targets().size(), report.targets().toString());
    }
}
