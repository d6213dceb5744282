package dev.xai4j.server.service;

import dev.xai4j.anatomy.AnatomyFigures;
import dev.xai4j.anatomy.DistanceSummary;
import dev.xai4j.anatomy.PcaProjection;
import dev.xai4j.anatomy.ViTAnatomy;
import dev.xai4j.explain.HeadFusion;
import dev.xai4j.explain.HeadSelection;
import dev.xai4j.explain.Heatmap;
import dev.xai4j.explain.ParameterException;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.PassRequest;
import dev.xai4j.model.PassResult;
import dev.xai4j.model.Prediction;
import dev.xai4j.model.Tensor;
import dev.xai4j.model.TokenLayout;
import dev.xai4j.model.VisionModel;
import dev.xai4j.server.api.dto.AnatomyResponse;
import dev.xai4j.server.api.dto.ClassScore;
import dev.xai4j.server.api.dto.HeatmapData;
import dev.xai4j.server.api.dto.ImageSize;
import dev.xai4j.server.api.dto.Timings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * ViT anatomy for the REST API and the CLI alike: the request's choices checked against the model
 * ({@link ParameterException} naming the parameter and its range), one forward pass, and the views
 * as the API's JSON records and PNG figures.
 */
public final class Anatomies {

    /** The attention matrix is sent whole only up to this many tokens (N² values). */
    public static final int MAX_MATRIX_TOKENS = 400;
    /** Classes listed in the prediction. */
    public static final int TOP_K = 5;

    private Anatomies() {
    }

    /**
     * The request's choices resolved against a model.
     *
     * @param layer block, 0 … L−1
     * @param heads one head or a fusion
     * @param query query token, 0 … N−1
     * @param patch patch, 0 … G−1
     */
    public record Selection(int layer, HeadSelection heads, int query, int patch) {
    }

    /**
     * Checks that the model has what the anatomy views read (global self-attention over tokens, a CLS
     * token, learned position embeddings).
     *
     * @param name the model's name as the caller knows it (the server's name, or the checkpoint)
     * @throws ParameterException ({@code model}) "anatomy views need a CLS token; model X (ViT) has none" otherwise
     */
    public static void requireViT(String name, ModelInfo info) {
        ViTAnatomy.unsupportedReason(info).ifPresent(reason -> {
            throw new ParameterException("model", "anatomy views need " + reason + "; model " + name + " ("
                    + info.family() + ") has none");
        });
    }

    /**
     * Resolves and checks the choices (null: the default) against a model.
     *
     * @param layer block index, negative from the end; default the last
     * @param head  {@code mean}, {@code max}, {@code min} or a head index; default mean
     * @param query query token; default 0 (CLS)
     * @param patch patch of the position-similarity map; default the centre patch
     * @throws ParameterException naming the parameter and the allowed range
     */
    public static Selection select(String name, ModelInfo info, Integer layer, String head, Integer query, Integer patch) {
        requireViT(name, info);
        int depth = info.depth();
        int heads = info.capabilities().attention().orElseThrow().heads();
        TokenLayout t = info.capabilities().tokens().orElseThrow();
        int l = layer == null ? depth - 1 : layer;
        if (l < -depth || l >= depth) {
            throw new ParameterException("layer", "parameter 'layer' = " + l + " is out of range [" + -depth + ", "
                    + (depth - 1) + "] for model " + name + " with " + depth + " blocks");
        }
        HeadSelection h = heads(head);
        if (!h.isFused() && h.head() >= heads) {
            throw new ParameterException("head", "parameter 'head' = " + h.head() + " is out of range [0, " + (heads - 1)
                    + "] for model " + name + " with " + heads + " heads (or mean, max, min)");
        }
        int n = t.tokenCount();
        int q = query == null ? 0 : query;
        if (q < 0 || q >= n) {
            throw new ParameterException("query", "parameter 'query' = " + q + " is out of range [0, " + (n - 1)
                    + "] for model " + name + " with " + n + " tokens");
        }
        int g = t.patchTokens();
        int p = patch == null ? centre(t) : patch;
        if (p < 0 || p >= g) {
            throw new ParameterException("patch", "parameter 'patch' = " + p + " is out of range [0, " + (g - 1)
                    + "] for model " + name + " with " + g + " patches (" + t.gridHeight() + "×" + t.gridWidth() + ")");
        }
        return new Selection(l < 0 ? depth + l : l, h, q, p);
    }

    /**
     * The head choice as written in a request; checks its form only (the range needs the model).
     *
     * @throws ParameterException ({@code head}) for anything but mean, max, min or a head index ≥ 0
     */
    public static HeadSelection heads(String head) {
        if (head == null || head.isBlank()) {
            return HeadSelection.MEAN;
        }
        String h = head.trim();
        try {
            return HeadSelection.parse(h);
        } catch (IllegalArgumentException e) {
            throw new ParameterException("head", "parameter 'head' = '" + h + "' is not mean, max, min or a head "
                    + "index ≥ 0");
        }
    }

    /** The centre patch: {@code ⌊g_h/2⌋·g_w + ⌊g_w/2⌋}, as {@link AnatomyFigures#standardSet} uses. */
    public static int centre(TokenLayout t) {
        return (t.gridHeight() / 2) * t.gridWidth() + t.gridWidth() / 2;
    }

    /** The forward pass the views need, and what it says about the image. */
    public record Pass(ViTAnatomy anatomy, Prediction prediction) {
    }

    /** Runs one forward pass with the anatomy's captures: the views and the prediction. */
    public static Pass run(VisionModel model, RgbImage image) {
        ModelInfo info = model.info();
        Tensor px = model.preprocessing().apply(image);
        PassResult pass = model.run(PassRequest.forward(px.reshape(1, px.dim(0), px.dim(1), px.dim(2)),
                ViTAnatomy.captures(info)));
        float[] logits = pass.logits().data();
        int classes = info.numClasses();
        float[] first = logits.length == classes ? logits : java.util.Arrays.copyOf(logits, classes);
        return new Pass(ViTAnatomy.of(model, image, pass), Prediction.of(first, info.labels(), Math.min(TOP_K, classes)));
    }

    /**
     * The standard set of {@link AnatomyFigures} drawn for the selection, keyed by file-name stem; with
     * the default choices the keys (and figures) are those of {@link AnatomyFigures#standardSet}.
     */
    public static Map<String, byte[]> figures(ViTAnatomy a, Selection s) {
        int l = s.layer();
        HeadSelection h = s.heads();
        HeadFusion fusion = h.isFused() ? h.fusion() : HeadFusion.MEAN;
        String hk = h.isFused() ? h.fusion().label() : "head" + h.head();
        String qk = s.query() == 0 ? "cls" : "token" + s.query();
        boolean standardRow = h.equals(HeadSelection.MEAN) && s.query() == 0;
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("heads-layer" + l, AnatomyFigures.headsGrid(a, l));
        out.put("layers-" + fusion.label(), AnatomyFigures.layersGrid(a, fusion));
        out.put("attention-matrix-layer" + l + "-" + hk, AnatomyFigures.attentionMatrix(a, l, h));
        out.put("attention-row-layer" + l + "-" + (standardRow ? "cls" : hk + "-" + qk),
                AnatomyFigures.attentionRowMap(a, l, h, s.query()));
        out.put("attention-distance-scatter", AnatomyFigures.distanceScatter(a));
        out.put("attention-distance-table", AnatomyFigures.distanceTable(a));
        out.put("attention-distance-curve", AnatomyFigures.distanceCurve(a));
        out.put("attention-distance-bars", AnatomyFigures.distanceBars(a));
        out.put("position-similarity-grid", AnatomyFigures.positionSimilarityGrid(a));
        out.put("position-similarity-patch" + s.patch(), AnatomyFigures.positionSimilarity(a, s.patch()));
        out.put("position-pca", AnatomyFigures.positionPca(a));
        out.put("cls-path", AnatomyFigures.clsPath(a));
        out.put("cls-norms", AnatomyFigures.clsNorms(a));
        out.put("patch-grid", AnatomyFigures.patchGrid(a));
        return out;
    }

    /**
     * The views as the API's record.
     *
     * @param model   the model's name
     * @param image   the decoded image (its size is reported)
     * @param figures figure name → what to report for it (base64 PNG, file name), or null
     */
    public static AnatomyResponse response(String model, RgbImage image, Pass pass, Selection s,
                                           Map<String, String> figures, Timings timings) {
        ViTAnatomy a = pass.anatomy();
        TokenLayout t = a.tokens();
        int layers = a.layers();
        int heads = a.heads();
        HeadSelection h = s.heads();
        HeadFusion fusion = h.isFused() ? h.fusion() : HeadFusion.MEAN;

        List<HeatmapData> perLayer = new ArrayList<>(layers);
        List<List<HeatmapData>> perHead = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            perLayer.add(heatmap(a.clsAttention(l, HeadSelection.fused(fusion))));
            List<HeatmapData> row = new ArrayList<>(heads);
            for (int k = 0; k < heads; k++) {
                row.add(heatmap(a.clsAttention(l, k)));
            }
            perHead.add(row);
        }
        dev.xai4j.anatomy.AttentionMatrix m = a.attentionMatrix(s.layer(), h);
        boolean whole = m.size() <= MAX_MATRIX_TOKENS;
        var matrix = new AnatomyResponse.AttentionMatrix(s.layer(), h.toString(), m.size(), m.max(), whole,
                whole ? m.values() : null, m.row(s.query()));

        DistanceSummary d = a.distanceSummary();
        var distance = new AnatomyResponse.AttentionDistance(a.attentionDistance(), d.mean(), d.min(), d.max(),
                d.thirdSize(), d.shallowMean(), d.deepMean(), d.shallowLabel(), d.deepLabel());
        dev.xai4j.anatomy.PositionPca pp = a.positionPca();
        var positionPca = new AnatomyResponse.PositionPca(projection(pp.projection()), pp.row().clone(),
                pp.column().clone());
        List<String> tokens = IntStream.range(0, t.tokenCount()).mapToObj(t::tokenName).toList();
        List<ClassScore> prediction = Results.scores(pass.prediction());

        return new AnatomyResponse(model, new ImageSize(image.width(), image.height()), prediction, layers, heads,
                a.patchSize(), new AnatomyResponse.Grid(t.gridHeight(), t.gridWidth()), t.prefixTokens(), tokens,
                new AnatomyResponse.Selection(s.layer(), h.toString(), s.query(), t.tokenName(s.query()), s.patch(),
                        t.tokenName(t.prefixTokens() + s.patch())),
                new AnatomyResponse.ClsAttention(fusion.label(), perLayer, perHead),
                heatmap(m.rowMap(s.query())), matrix, distance,
                new AnatomyResponse.PositionSimilarity(s.patch(), heatmap(a.positionSimilarity(s.patch()))),
                positionPca, new AnatomyResponse.ClsToken(a.clsNorms(), projection(a.clsPath())), figures, timings);
    }

    /** Each figure's bytes turned into what the answer carries for it. */
    public static Map<String, String> map(Map<String, byte[]> figures, Function<Map.Entry<String, byte[]>, String> f) {
        Map<String, String> out = new LinkedHashMap<>();
        figures.entrySet().forEach(e -> out.put(e.getKey(), f.apply(e)));
        return out;
    }

    private static HeatmapData heatmap(Heatmap h) {
        return new HeatmapData(h.height(), h.width(), h.values());
    }

    private static AnatomyResponse.Projection projection(PcaProjection p) {
        return new AnatomyResponse.Projection(p.labels(), p.x().clone(), p.y().clone(), p.varianceRatio().clone());
    }
}
