package dev.xai4j.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link ExplanationMetrics} results over a data set: per method, the mean of every value over the
 * images, the mean similarity per randomisation step, and the share of images on which the method
 * passed the randomisation check; rendered as Markdown, CSV and JSON (the JSON also holds every
 * image's values and curves).
 *
 * @param model   the model's name
 * @param dataset what the images were
 * @param options the options the metrics ran with
 * @param images  the per-image results
 */
public record MetricReport(String model, String dataset, MetricOptions options, List<ImageMetrics> images) {

    /** Value columns in display order, with the direction that is better (↑, ↓, or none). */
    private static final List<String[]> COLUMNS = List.of(
            new String[]{"perturbation_positive_auc", "pos. perturbation AUC ↓"},
            new String[]{"perturbation_negative_auc", "neg. perturbation AUC ↑"},
            new String[]{"perturbation_positive_target_auc", "pos. AUC, target ↓"},
            new String[]{"perturbation_negative_target_auc", "neg. AUC, target ↑"},
            new String[]{"road_morf_area", "ROAD MoRF ↓"},
            new String[]{"road_lerf_area", "ROAD LeRF ↑"},
            new String[]{"morf_lerf_logit", "LeRF − MoRF (logit) ↑"},
            new String[]{"mprt_spearman", "MPRT ρ ↓"},
            new String[]{"mprt_ssim", "MPRT SSIM ↓"},
            new String[]{"random_logit_spearman", "random-logit ρ ↓"},
            new String[]{"random_logit_ssim", "random-logit SSIM ↓"},
            new String[]{"sparseness", "sparseness (Gini)"},
            new String[]{"complexity", "complexity (entropy)"},
            new String[]{"max_sensitivity", "max-sensitivity ↓"},
            new String[]{"relevance_mass", "relevance mass ↑"},
            new String[]{"relevance_rank", "relevance rank ↑"});

    public MetricReport {
        images = List.copyOf(images);
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a report needs at least one image");
        }
    }

    /**
     * One method's means over the images.
     *
     * @param method        the method's name
     * @param images        images it was scored on
     * @param means         value key → mean over the images that have it
     * @param randomisation per randomisation step, the mean ρ and SSIM (empty without mprt)
     * @param sanityPassed  share of images on which the map decorrelated (null without mprt)
     */
    public record Row(String method, int images, Map<String, Double> means, List<RandomisationStep> randomisation,
                      Double sanityPassed) {
    }

    /** One row per method, in request order. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        int methods = images.get(0).methods().size();
        for (int r = 0; r < methods; r++) {
            String name = images.get(0).methods().get(r).method();
            Map<String, double[]> sums = new LinkedHashMap<>(); // key → {sum, count}
            List<double[]> steps = new ArrayList<>();
            List<String> stepNames = new ArrayList<>();
            int sanity = 0;
            int passed = 0;
            for (ImageMetrics img : images) {
                MethodMetrics m = img.methods().get(r);
                m.values().forEach((k, v) -> {
                    double[] s = sums.computeIfAbsent(k, x -> new double[2]);
                    s[0] += v;
                    s[1]++;
                });
                for (int k = 0; k < m.randomisation().size(); k++) {
                    if (steps.size() <= k) {
                        steps.add(new double[3]);
                        stepNames.add(m.randomisation().get(k).layers());
                    }
                    steps.get(k)[0] += m.randomisation().get(k).spearman();
                    steps.get(k)[1] += m.randomisation().get(k).ssim();
                    steps.get(k)[2]++;
                }
                if (m.sanityPassed() != null) {
                    sanity++;
                    passed += m.sanityPassed() ? 1 : 0;
                }
            }
            Map<String, Double> means = new LinkedHashMap<>();
            sums.forEach((k, s) -> means.put(k, s[0] / s[1]));
            List<RandomisationStep> meanSteps = new ArrayList<>();
            for (int k = 0; k < steps.size(); k++) {
                double[] s = steps.get(k);
                meanSteps.add(new RandomisationStep(stepNames.get(k), s[0] / s[2], s[1] / s[2]));
            }
            rows.add(new Row(name, images.size(), means, meanSteps, sanity == 0 ? null : (double) passed / sanity));
        }
        return rows;
    }

    /** The value columns present in any row. */
    private List<String[]> present(List<Row> rows) {
        return COLUMNS.stream().filter(c -> rows.stream().anyMatch(r -> r.means().containsKey(c[0]))).toList();
    }

    /** A summary line, the means table, and (with mprt) the mean ρ per randomisation step. */
    public String toMarkdown() {
        List<Row> rows = rows();
        List<String[]> cols = present(rows);
        StringBuilder s = new StringBuilder();
        s.append("**").append(model).append("** on ").append(dataset).append(": ").append(images.size())
                .append(" images; means per image. Perturbation test: removal value ").append(options.removal())
                .append(", ").append(options.patchSize() == 1 ? "pixels" : options.patchSize() + " × " + options.patchSize() + " patches")
                .append("; ROAD noise σ = ").append(options.roadNoise()).append("; max-sensitivity: ")
                .append(options.sensitivitySamples()).append(" samples, radius ").append(options.sensitivityRadius())
                .append("\n\n| method |");
        cols.forEach(c -> s.append(' ').append(c[1]).append(" |"));
        boolean sanity = rows.stream().anyMatch(r -> r.sanityPassed() != null);
        if (sanity) {
            s.append(" passes MPRT |");
        }
        s.append("\n|---|");
        cols.forEach(c -> s.append("---:|"));
        if (sanity) {
            s.append("---:|");
        }
        s.append('\n');
        for (Row r : rows) {
            s.append("| ").append(r.method()).append(" |");
            for (String[] c : cols) {
                Double v = r.means().get(c[0]);
                s.append(' ').append(v == null ? "–" : format(v)).append(" |");
            }
            if (sanity) {
                s.append(' ').append(r.sanityPassed() == null ? "–"
                        : String.format(Locale.ROOT, "%.0f %%", 100 * r.sanityPassed())).append(" |");
            }
            s.append('\n');
        }
        Row withSteps = rows.stream().filter(r -> !r.randomisation().isEmpty()).findFirst().orElse(null);
        if (withSteps != null) {
            s.append("\nSpearman ρ between the original map and the map after cascading randomisation down to each group "
                    + "(classifier first):\n\n| method |");
            withSteps.randomisation().forEach(st -> s.append(' ').append(st.layers()).append(" |"));
            s.append("\n|---|");
            withSteps.randomisation().forEach(st -> s.append("---:|"));
            s.append('\n');
            for (Row r : rows) {
                s.append("| ").append(r.method()).append(" |");
                r.randomisation().forEach(st -> s.append(' ').append(format(st.spearman())).append(" |"));
                s.append('\n');
            }
        }
        return s.toString();
    }

    /** CSV: one line per method, its means at full precision, empty fields for missing values. */
    public String toCsv() {
        List<Row> rows = rows();
        List<String[]> cols = present(rows);
        StringBuilder s = new StringBuilder("model,method,images");
        cols.forEach(c -> s.append(',').append(c[0]));
        s.append(",mprt_pass_rate\n");
        for (Row r : rows) {
            s.append(csv(model)).append(',').append(csv(r.method())).append(',').append(r.images());
            for (String[] c : cols) {
                Double v = r.means().get(c[0]);
                s.append(',').append(v == null ? "" : v.toString());
            }
            s.append(',').append(r.sanityPassed() == null ? "" : r.sanityPassed().toString()).append('\n');
        }
        return s.toString();
    }

    /** Pretty-printed JSON: model, data set, options, the per-method summary and every image's results. */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        ObjectNode root = mapper.createObjectNode();
        root.put("model", model);
        root.put("dataset", dataset);
        root.set("options", mapper.valueToTree(options));
        ArrayNode summary = root.putArray("summary");
        rows().forEach(r -> summary.add(mapper.valueToTree(r)));
        ArrayNode out = root.putArray("images");
        images.forEach(i -> out.add(mapper.valueToTree(i)));
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.3f", v);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
