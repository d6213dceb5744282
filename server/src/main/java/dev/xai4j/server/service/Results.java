package dev.xai4j.server.service;

import dev.xai4j.eval.Agreement;
import dev.xai4j.explain.ExplainResult;
import dev.xai4j.explain.ExplainerRegistry;
import dev.xai4j.explain.Explanation;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.explain.ImageExplanations;
import dev.xai4j.explain.ParameterSpec;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Prediction;
import dev.xai4j.render.HeatmapRenderer;
import dev.xai4j.render.RenderOptions;
import dev.xai4j.server.api.dto.AgreementMatrix;
import dev.xai4j.server.api.dto.ClassScore;
import dev.xai4j.server.api.dto.ExplainerDescription;
import dev.xai4j.server.api.dto.ExplanationResult;
import dev.xai4j.server.api.dto.HeatmapData;
import dev.xai4j.server.api.dto.MethodTimings;
import dev.xai4j.server.api.dto.ModelDescription;
import dev.xai4j.server.api.dto.ParameterDescription;
import dev.xai4j.server.api.dto.Passes;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns SDK results into the API's (and the CLI's) JSON records. */
public final class Results {

    private Results() {
    }

    /** Nanoseconds as milliseconds with microsecond resolution. */
    public static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    /** The classes of a prediction. */
    public static List<ClassScore> scores(Prediction p) {
        return p.top().stream().map(c -> new ClassScore(c.index(), c.label(), c.logit(), c.probability())).toList();
    }

    /** An explainer and its parameters. */
    public static ExplainerDescription explainer(dev.xai4j.explain.Explainer e) {
        return new ExplainerDescription(e.id(), e.displayName(), e.description(), e.classSpecific(), e.group(), e.singlePass(),
                e.parameters().stream().map(Results::parameter).toList());
    }

    private static ParameterDescription parameter(ParameterSpec s) {
        return new ParameterDescription(s.name(), s.type().name().toLowerCase(Locale.ROOT), s.defaultValue(), s.min(),
                s.max(), s.max() == null ? null : s.maxExclusive(), s.type() == ParameterSpec.Type.CHOICE ? s.choices() : null, s.description(),
                s.meaning().name().toLowerCase(Locale.ROOT), s.formerNames().isEmpty() ? null : s.formerNames());
    }

    /** A model's description. */
    public static ModelDescription model(String name, ModelInfo info, boolean isDefault, boolean loaded,
                                         ExplainerRegistry registry) {
        return new ModelDescription(name, isDefault, loaded, info.family().toUpperCase(Locale.ROOT), info.format(),
                info.inputWidth(), info.inputHeight(), info.labels(), naturalOrder(info.capturePoints()),
                registry.applicable(info).stream().map(dev.xai4j.explain.Explainer::id).toList(), null);
    }

    /** Names sorted with their numbers compared as numbers ({@code blocks.2} before {@code blocks.10}). */
    static List<String> naturalOrder(List<String> names) {
        return names.stream().sorted(Results::compareNatural).toList();
    }

    private static int compareNatural(String a, String b) {
        String[] x = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        String[] y = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = !x[i].isEmpty() && !y[i].isEmpty() && Character.isDigit(x[i].charAt(0)) && Character.isDigit(y[i].charAt(0))
                    ? Long.compare(Long.parseLong(x[i]), Long.parseLong(y[i])) : x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /**
     * One explanation as JSON.
     *
     * @param raw     include the raw map
     * @param overlay the base64 PNG overlay, or null
     */
    public static ExplanationResult explanation(Explanation e, boolean raw, String overlay) {
        Heatmap m = e.map();
        return new ExplanationResult(e.method(), e.target(), e.targetLabel(), e.parameters(), m.min(), m.max(),
                raw ? new HeatmapData(m.height(), m.width(), m.values()) : null, overlay,
                new MethodTimings(ms(e.passNanos()), ms(e.methodNanos()), e.extraForward(), e.extraBackward()),
                e.contrastive() ? e.contrast() : null, e.contrastLabel());
    }

    /** The map drawn over the image (shrunk to {@code maxSide}), as a base64 PNG. */
    public static String overlay(RgbImage image, Heatmap map, RenderOptions options) {
        return Base64.getEncoder().encodeToString(HeatmapRenderer.png(HeatmapRenderer.overlay(image, map, options)));
    }

    /**
     * The pairwise Spearman agreement of an image's maps: one matrix per target with two or more
     * maps; repeated methods are told apart as {@code grad-cam#2}.
     */
    public static List<AgreementMatrix> agreement(ImageExplanations image) {
        Map<Integer, List<Explanation>> byTarget = new LinkedHashMap<>();
        for (Explanation e : image.explanations()) {
            byTarget.computeIfAbsent(e.target(), t -> new ArrayList<>()).add(e);
        }
        List<AgreementMatrix> out = new ArrayList<>();
        for (List<Explanation> group : byTarget.values()) {
            if (group.size() < 2) {
                continue;
            }
            Map<String, Integer> seen = new HashMap<>();
            List<String> labels = new ArrayList<>();
            for (Explanation e : group) {
                int n = seen.merge(e.method(), 1, Integer::sum);
                labels.add(n == 1 ? e.method() : e.method() + "#" + n);
            }
            double[][] rho = Agreement.spearmanMatrix(group.stream().map(Explanation::map).toList());
            for (double[] row : rho) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = Math.round(row[j] * 1e6) / 1e6;
                }
            }
            Explanation first = group.get(0);
            out.add(new AgreementMatrix(first.target(), first.targetLabel(), labels, rho));
        }
        return out;
    }

    /** All passes of a request: the shared ones plus those the methods ran themselves. */
    public static Passes passes(ExplainResult r) {
        int f = r.forwardPasses();
        int b = r.backwardPasses();
        for (ImageExplanations i : r.images()) {
            for (Explanation e : i.explanations()) {
                f += e.extraForward();
                b += e.extraBackward();
            }
        }
        return new Passes(f, b);
    }
}
