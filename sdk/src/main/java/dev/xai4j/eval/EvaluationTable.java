package dev.xai4j.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The result of an {@link Evaluation}: one {@link MetricRow} per method plus the random baseline
 * (last), the model's accuracy on the set's single-object samples, and how often it names every object
 * of a multi-object sample (both measured once, not per method).
 *
 * @param model               the model's name
 * @param dataset             the set's name
 * @param singleObjectSamples samples with one object (accuracy, localisation, deletion/insertion)
 * @param multiObjectSamples  samples with several objects (class discrimination)
 * @param accuracy            top-1 accuracy on the single-object samples, or null when there are none
 * @param allObjectsNamed     share of the multi-object samples whose n classes are the model's n best, or
 *                            null when there are none: class discrimination asks a method to find an
 *                            object for a class, which it can only do where the model sees that class
 * @param blurSigma           σ in pixels of the deletion/insertion baseline blur
 * @param pointingTolerance   pixels within which the pointing game and class discrimination counted a
 *                            maximum as on its object (0: inside the mask)
 * @param rows                methods in request order, then the baseline
 */
public record EvaluationTable(String model, String dataset, int singleObjectSamples, int multiObjectSamples,
                              Double accuracy, Double allObjectsNamed, double blurSigma, double pointingTolerance,
                              List<MetricRow> rows) {

    /** Column headers shared by the renderings, with each column's value. */
    private record Column(String title, String key, Function<MetricRow, Double> value, int decimals) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("pointing game", "pointing_game", MetricRow::pointingGame, 3),
            new Column("energy PG", "energy_pointing_game", MetricRow::energyPointingGame, 3),
            new Column("IoU top-15%", "iou_top15", MetricRow::iouTop15, 3),
            new Column("class discrimination", "class_discrimination", MetricRow::classDiscrimination, 3),
            new Column("deletion AUC ↓", "deletion_auc", MetricRow::deletionAuc, 3),
            new Column("insertion AUC ↑", "insertion_auc", MetricRow::insertionAuc, 3),
            new Column("ms / image", "ms_per_image", MetricRow::msPerImage, 1));

    public EvaluationTable {
        rows = List.copyOf(rows);
    }

    /**
     * A row by method name.
     *
     * @throws IllegalArgumentException if no row has that name
     */
    public MetricRow row(String method) {
        return rows.stream().filter(r -> r.method().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no row '" + method + "'; rows: "
                        + rows.stream().map(MetricRow::method).toList()));
    }

    /** The random-map baseline's row. */
    public MetricRow baseline() {
        return rows.stream().filter(MetricRow::baseline).findFirst()
                .orElseThrow(() -> new IllegalStateException("table has no baseline row"));
    }

    /** A Markdown section: a summary line, then a table (empty cells as –). */
    public String toMarkdown() {
        StringBuilder s = new StringBuilder();
        s.append("**").append(model).append("** on ").append(dataset).append(": accuracy ")
                .append(accuracy == null ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * accuracy))
                .append(" (").append(singleObjectSamples).append(" single-object, ").append(multiObjectSamples)
                .append(" multi-object samples")
                .append(allObjectsNamed == null ? ""
                        : String.format(Locale.ROOT, ", every object named on %.1f %% of them", 100 * allObjectsNamed))
                .append("; deletion/insertion baseline: Gaussian blur σ = ")
                .append(String.format(Locale.ROOT, "%.2f", blurSigma)).append(" px")
                .append(pointingTolerance == 0 ? "" : String.format(Locale.ROOT,
                        "; pointing game and class discrimination count a maximum within %s px of its object",
                        format(pointingTolerance, pointingTolerance == Math.rint(pointingTolerance) ? 0 : 1)))
                .append(")\n\n");
        s.append("| method |");
        COLUMNS.forEach(c -> s.append(' ').append(c.title()).append(" |"));
        s.append("\n|---|");
        COLUMNS.forEach(c -> s.append("---:|"));
        s.append('\n');
        for (MetricRow r : rows) {
            s.append("| ").append(r.baseline() ? "*" + r.method() + " (baseline)*" : r.method()).append(" |");
            for (Column c : COLUMNS) {
                Double v = c.value().apply(r);
                s.append(' ').append(v == null ? "–" : format(v, c.decimals())).append(" |");
            }
            s.append('\n');
        }
        return s.toString();
    }

    /**
     * CSV with a header line; one line per row, full precision, empty fields for missing values. The
     * table-level accuracy, share of multi-object samples named and pointing tolerance are repeated on
     * every line so that each line stands alone.
     */
    public String toCsv() {
        StringBuilder s = new StringBuilder("model,method,baseline,accuracy,all_objects_named,pointing_tolerance_px");
        COLUMNS.forEach(c -> s.append(',').append(c.key()));
        s.append('\n');
        for (MetricRow r : rows) {
            s.append(csv(model)).append(',').append(csv(r.method())).append(',').append(r.baseline()).append(',')
                    .append(accuracy == null ? "" : accuracy.toString()).append(',')
                    .append(allObjectsNamed == null ? "" : allObjectsNamed.toString()).append(',').append(pointingTolerance);
            for (Column c : COLUMNS) {
                Double v = c.value().apply(r);
                s.append(',').append(v == null ? "" : v.toString());
            }
            s.append('\n');
        }
        return s.toString();
    }

    /** Pretty-printed JSON: the table's fields and its rows, missing values as null. */
    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("model", model);
        root.put("dataset", dataset);
        root.put("single_object_samples", singleObjectSamples);
        root.put("multi_object_samples", multiObjectSamples);
        root.put("accuracy", accuracy);
        root.put("all_objects_named", allObjectsNamed);
        root.put("blur_sigma_px", blurSigma);
        root.put("pointing_tolerance_px", pointingTolerance);
        ArrayNode out = root.putArray("rows");
        for (MetricRow r : rows) {
            ObjectNode o = out.addObject();
            o.put("method", r.method());
            o.put("baseline", r.baseline());
            COLUMNS.forEach(c -> o.put(c.key(), c.value().apply(r)));
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String format(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
