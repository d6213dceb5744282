package dev.xai4j.server.api;

import dev.xai4j.Fixtures;
import dev.xai4j.model.Tensor;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/v1/anatomy}: the views of the fixture ViT against the reference tensors (1e-4),
 * the figures, both body forms, and every error status.
 */
@QuarkusTest
class AnatomyApiTest {

    static final String PROBLEM = "application/problem+json";
    static final String VIT_CASE = "vit-tiny-hf__vit-a__top";
    static final double TOL = 1e-4;
    /** The fixture ViT: 4 blocks × 4 heads, 8 × 8 patches of 8 px, CLS + 64 tokens. */
    static final int L = 4;
    static final int H = 4;
    static final int N = 65;

    private static Map<String, Object> body(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static float[] floats(JsonPath json, String path) {
        return Fixtures.floats(json.getList(path, Float.class));
    }

    /** A JSON matrix flattened row-major. */
    private static float[] flat(JsonPath json, String path) {
        List<List<Float>> rows = json.getList(path);
        float[] out = new float[rows.size() * rows.get(0).size()];
        int i = 0;
        for (List<Float> row : rows) {
            for (Number v : row) {
                out[i++] = v.floatValue();
            }
        }
        return out;
    }

    private static float[] expected(String tensor) {
        return Fixtures.expected(VIT_CASE, tensor).data();
    }

    @Test
    void anatomyOfTheFixtureViTMatchesTheFixturesAndDrawsTheStandardFigures() throws IOException {
        JsonPath json = given().contentType(ContentType.JSON)
                .body(body("model", "vit-tiny", "image", Fixtures.base64("vit-a.png")))
                .when().post("/api/v1/anatomy")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("model", equalTo("vit-tiny"))
                .body("image.width", equalTo(64))
                .body("prediction[0].label", equalTo("square"))
                .body("layers", equalTo(L))
                .body("heads", equalTo(H))
                .body("patchSize", equalTo(8))
                .body("grid.height", equalTo(8))
                .body("grid.width", equalTo(8))
                .body("prefixTokens", equalTo(1))
                .body("tokens", hasSize(N))
                .body("tokens[0]", equalTo("CLS"))
                .body("tokens[64]", equalTo("7,7"))
                // the defaults: last layer, heads averaged, CLS query, centre patch
                .body("selection.layer", equalTo(L - 1))
                .body("selection.head", equalTo("mean"))
                .body("selection.query", equalTo(0))
                .body("selection.queryToken", equalTo("CLS"))
                .body("selection.patch", equalTo(36))
                .body("selection.patchToken", equalTo("4,4"))
                .body("clsAttention.fusion", equalTo("mean"))
                .body("clsAttention.layers", hasSize(L))
                .body("clsAttention.heads", hasSize(L))
                .body("clsAttention.heads[0]", hasSize(H))
                .body("attentionMatrix.size", equalTo(N))
                .body("attentionMatrix.included", equalTo(true))
                .body("attentionMatrix.values", hasSize(N * N))
                .body("attentionDistance.thirdSize", equalTo(1))
                .body("positionPca.row", hasSize(64))
                .body("cls.path.labels", hasSize(L + 1))
                .body("timings.totalMs", org.hamcrest.Matchers.greaterThan(0f))
                .extract().jsonPath();

        // the data against the fixture tensors
        Fixtures.assertClose(expected("attention_distance"), flat(json, "attentionDistance.perHead"), TOL, TOL,
                "attention_distance");
        Fixtures.assertClose(expected("cls_norms"), floats(json, "cls.norms"), TOL, TOL, "cls_norms");
        for (int l = 0; l < L; l++) {
            Fixtures.assertClose(expected("cls_attention.layer" + l), floats(json, "clsAttention.layers[" + l + "].values"),
                    TOL, TOL, "cls_attention.layer" + l);
        }
        for (int h = 0; h < H; h++) {
            Fixtures.assertClose(expected("cls_attention.head" + h),
                    floats(json, "clsAttention.heads[" + (L - 1) + "][" + h + "].values"), TOL, TOL, "cls_attention.head" + h);
        }
        Fixtures.assertClose(expected("cls_attention"), floats(json, "attentionRow.values"), TOL, TOL, "attentionRow");
        float[] sim = expected("position_similarity");
        Fixtures.assertClose(Arrays.copyOfRange(sim, 36 * 64, 37 * 64), floats(json, "positionSimilarity.map.values"),
                TOL, TOL, "position_similarity[36]");
        float[] curve = floats(json, "attentionDistance.mean");
        float[] d = expected("attention_distance");
        for (int l = 0; l < L; l++) {
            double mean = (d[l * H] + d[l * H + 1] + d[l * H + 2] + d[l * H + 3]) / 4.0;
            assertEquals(mean, curve[l], TOL, "mean distance of layer " + l);
        }
        float[] ratio = floats(json, "positionPca.projection.varianceRatio");
        assertTrue(ratio[0] >= ratio[1] && ratio[1] >= 0 && ratio[0] + ratio[1] <= 1 + 1e-6, Arrays.toString(ratio));

        // the mean-fused matrix of the last layer: every row sums to 1, and it is the fixture's mean over heads
        float[] matrix = floats(json, "attentionMatrix.values");
        float[] a = expected("attention." + (L - 1));
        float[] fused = new float[N * N];
        for (int i = 0; i < N * N; i++) {
            fused[i] = (a[i] + a[N * N + i] + a[2 * N * N + i] + a[3 * N * N + i]) / 4;
        }
        Fixtures.assertClose(fused, matrix, TOL, TOL, "attention matrix");
        Fixtures.assertClose(Arrays.copyOf(fused, N), floats(json, "attentionMatrix.row"), TOL, TOL, "row 0");

        // the figures: the standard set, each a decodable PNG
        Map<String, String> figures = json.getMap("figures");
        assertEquals(List.of("heads-layer3", "layers-mean", "attention-matrix-layer3-mean", "attention-row-layer3-cls",
                "attention-distance-scatter", "attention-distance-table", "attention-distance-curve",
                "attention-distance-bars", "position-similarity-grid", "position-similarity-patch36", "position-pca",
                "cls-path", "cls-norms", "patch-grid"), List.copyOf(figures.keySet()));
        for (Map.Entry<String, String> f : figures.entrySet()) {
            byte[] png = java.util.Base64.getDecoder().decode(f.getValue());
            assertEquals(0x89, png[0] & 0xff, f.getKey());
            assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII), f.getKey());
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
            assertNotNull(img, f.getKey());
            assertTrue(img.getWidth() > 100 && img.getHeight() > 100, f.getKey() + " " + img.getWidth() + "×" + img.getHeight());
        }
    }

    @Test
    void multipartWithChosenLayerHeadQueryAndPatchAndNoFigures() {
        JsonPath json = given().multiPart("image", "photo.png", Fixtures.bytes("vit-a.png"), "image/png")
                .multiPart("layer", "-4")
                .multiPart("head", "2")
                .multiPart("query", "10")
                .multiPart("patch", "0")
                .multiPart("figures", "false")
                .when().post("/api/v1/anatomy")
                .then().statusCode(200)
                .body("model", equalTo("vit-tiny")) // the default model
                .body("selection.layer", equalTo(0))
                .body("selection.head", equalTo("2"))
                .body("selection.queryToken", equalTo("1,1")) // token 10 = patch 9
                .body("selection.patchToken", equalTo("0,0"))
                .body("clsAttention.fusion", equalTo("mean"))
                .body("attentionMatrix.head", equalTo("2"))
                .body("figures", nullValue())
                .extract().jsonPath();
        // layer 0, head 2 alone: the fixture's attention.0[2]; the row of token 10 over the patch keys
        float[] a = expected("attention.0");
        float[] head2 = Arrays.copyOfRange(a, 2 * N * N, 3 * N * N);
        Fixtures.assertClose(head2, floats(json, "attentionMatrix.values"), TOL, TOL, "attention.0 head 2");
        Fixtures.assertClose(Arrays.copyOfRange(head2, 10 * N + 1, 11 * N), floats(json, "attentionRow.values"), TOL, TOL,
                "row 10");
        Fixtures.assertClose(Arrays.copyOf(expected("position_similarity"), 64), floats(json, "positionSimilarity.map.values"),
                TOL, TOL, "position_similarity[0]");

        // a head fusion other than mean fuses the per-layer CLS maps too; JSON numbers are taken for head indices
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "head", "max", "figures", false))
                .when().post("/api/v1/anatomy")
                .then().statusCode(200)
                .body("clsAttention.fusion", equalTo("max"))
                .body("selection.head", equalTo("max"));
        given().contentType(ContentType.JSON)
                .body(body("image", Fixtures.base64("vit-a.png"), "head", 3, "figures", false))
                .when().post("/api/v1/anatomy")
                .then().statusCode(200)
                .body("selection.head", equalTo("3"));
    }

    @Test
    void aResNetIsAClear400() {
        given().contentType(ContentType.JSON)
                .body(body("model", "resnet-tiny", "image", Fixtures.base64("resnet-a.png")))
                .when().post("/api/v1/anatomy")
                .then().statusCode(400).contentType(PROBLEM)
                .body("status", equalTo(400))
                .body("parameter", equalTo("model"))
                .body("detail", equalTo("anatomy views need global self-attention over tokens; model resnet-tiny (ResNet) has none"));
    }

    @Test
    void parametersOutOfRangeAre400NamingTheParameterAndTheRange() {
        Object[][] cases = {
                {"layer", 4, "[-4, 3]"},
                {"layer", -5, "[-4, 3]"},
                {"head", 4, "[0, 3]"},
                {"head", "median", "mean, max, min"},
                {"query", 65, "[0, 64]"},
                {"query", -1, "[0, 64]"},
                {"patch", 64, "[0, 63]"},
        };
        for (Object[] c : cases) {
            given().contentType(ContentType.JSON)
                    .body(body("model", "vit-tiny", "image", Fixtures.base64("vit-a.png"), c[0], c[1], "figures", false))
                    .when().post("/api/v1/anatomy")
                    .then().statusCode(400).contentType(PROBLEM)
                    .body("parameter", equalTo(c[0]))
                    .body("detail", allOf(containsString("'" + c[0] + "'"), containsString((String) c[2])));
        }
        given().multiPart("image", "a.png", Fixtures.bytes("vit-a.png")).multiPart("layer", "last")
                .when().post("/api/v1/anatomy")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("layer"));
        given().contentType(ContentType.JSON).body(body("model", "nope", "image", Fixtures.base64("vit-a.png")))
                .when().post("/api/v1/anatomy")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("model"));
        given().contentType(ContentType.JSON).body(body("model", "vit-tiny"))
                .when().post("/api/v1/anatomy")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("image"));
    }

    @Test
    void contentThatIsNotAnImageIs415() {
        given().multiPart("image", "cat.png", "plain text, not a picture".getBytes(), "image/png")
                .when().post("/api/v1/anatomy")
                .then().statusCode(415).contentType(PROBLEM)
                .body("type", equalTo("https://xai4j.dev/problems/not-an-image"))
                .body("parameter", equalTo("image"));
    }

    @Test
    void openApiDescribesTheEndpoint() {
        given().when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/api/v1/anatomy:"))
                .body(containsString("operationId: anatomy\n"))
                .body(containsString("AnatomyResponse:"))
                .body(containsString("AnatomyAttentionDistance:"));
    }
}
