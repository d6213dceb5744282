package dev.xai4j.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Means, pass rates and renderings of a report built from hand-made results. */
class MetricReportTest {

    private static MethodMetrics m(String method, double auc, double rho, boolean passed) {
        return new MethodMetrics(method, 1, "square", Map.of("perturbation_positive_auc", auc, "mprt_spearman", rho),
                Map.of("perturbation_positive", new Curve(new double[]{0, 0.1}, new double[]{1, 0})),
                List.of(new RandomisationStep("head", rho + 0.2, 0.5), new RandomisationStep("blocks.0", rho, 0.1)), passed);
    }

    @Test
    void meansPassRatesAndRenderings() throws Exception {
        MetricReport report = new MetricReport("vit-shapes", "2 scenes", MetricOptions.DEFAULTS, List.of(
                new ImageMetrics("a", 1, "square", List.of(m("grad-cam", 10, 0.1, true), m("rollout", 40, 0.9, false))),
                new ImageMetrics("b", 1, "square", List.of(m("grad-cam", 20, 0.3, true), m("rollout", 60, 0.7, true)))));
        List<MetricReport.Row> rows = report.rows();
        assertEquals(15, rows.get(0).means().get("perturbation_positive_auc"), 1e-12);
        assertEquals(0.8, rows.get(1).means().get("mprt_spearman"), 1e-12);
        assertEquals(1.0, rows.get(0).sanityPassed(), 0);
        assertEquals(0.5, rows.get(1).sanityPassed(), 0);
        assertEquals(1.0, rows.get(1).randomisation().get(0).spearman(), 1e-12);
        String md = report.toMarkdown();
        assertTrue(md.contains("| grad-cam | 15.0 | 0.200 | 100 % |"), md);
        assertTrue(md.contains("| rollout | 1.000 | 0.800 |"), md);
        String csv = report.toCsv();
        assertEquals("model,method,images,perturbation_positive_auc,mprt_spearman,mprt_pass_rate", csv.lines().findFirst().orElseThrow());
        assertTrue(csv.contains("vit-shapes,rollout,2,50.0,0.8,0.5"), csv);
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        assertEquals(2, json.get("images").size());
        assertEquals(0.1, json.get("images").get(0).get("methods").get(0).get("curves").get("perturbation_positive").get("x").get(1).asDouble());
        assertEquals(0.5, json.get("summary").get(1).get("sanityPassed").asDouble());
        assertEquals("BLACK", json.get("options").get("removal").asText());
    }
}
