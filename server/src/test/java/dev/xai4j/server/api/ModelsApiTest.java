package dev.xai4j.server.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** {@code GET /api/v1/models} and {@code GET /api/v1/explainers}. */
@QuarkusTest
class ModelsApiTest {

    @Test
    void listsTheModelsWithTheirDetails() {
        given().when().get("/api/v1/models")
                .then().statusCode(200).contentType(ContentType.JSON)
                .body("defaultModel", equalTo("vit-tiny"))
                .body("models.name", hasItems("vit-tiny", "resnet-tiny", "vit-timm"))
                .body("models.find { it.name == 'vit-tiny' }.default", equalTo(true))
                .body("models.find { it.name == 'vit-tiny' }.architecture", equalTo("VIT"))
                .body("models.find { it.name == 'vit-tiny' }.inputWidth", equalTo(64))
                .body("models.find { it.name == 'vit-tiny' }.inputHeight", equalTo(64))
                .body("models.find { it.name == 'vit-tiny' }.labels", contains("disc", "square", "stripes", "ring", "cross"))
                .body("models.find { it.name == 'vit-tiny' }.capturePoints", hasItems("blocks.3.attention", "pixel_values"))
                .body("models.find { it.name == 'vit-tiny' }.explainers",
                        hasItems("cls-attention", "attention-rollout", "grad-cam", "chefer-relevance"))
                .body("models.find { it.name == 'resnet-tiny' }.architecture", equalTo("RESNET"))
                .body("models.find { it.name == 'resnet-tiny' }.inputWidth", equalTo(128))
                .body("models.find { it.name == 'resnet-tiny' }.explainers", hasItems("grad-cam", "cam"))
                .body("models.find { it.name == 'resnet-tiny' }.explainers", not(hasItem("cls-attention")));
    }

    @Test
    void describesOneModel() {
        given().when().get("/api/v1/models/resnet-tiny")
                .then().statusCode(200)
                .body("name", equalTo("resnet-tiny"))
                .body("default", equalTo(false))
                .body("capturePoints", hasItems("features", "layer4.0"));
    }

    @Test
    void unknownModelPathIs404Problem() {
        given().when().get("/api/v1/models/nope")
                .then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", startsWith("no model named 'nope'"));
    }

    @Test
    void listsExplainersWithParameterRanges() {
        given().when().get("/api/v1/explainers")
                .then().statusCode(200)
                .body("explainers.id", hasItems("cls-attention", "attention-rollout", "grad-cam", "chefer-relevance", "cam"))
                .body("explainers.id", hasItems("hirescam", "grad-cam-elementwise", "grad-cam-plusplus", "xgrad-cam",
                        "layer-cam", "eigen-cam", "eigen-grad-cam", "score-cam", "ablation-cam", "occlusion"))
                .body("explainers.find { it.id == 'score-cam' }.singlePass", equalTo(false))
                .body("explainers.find { it.id == 'grad-cam' }.parameters.name", contains("layer", "aug_smooth", "eigen_smooth"))
                .body("explainers.find { it.id == 'attention-rollout' }.parameters.find { it.name == 'discard_ratio' }.type",
                        equalTo("number"))
                .body("explainers.find { it.id == 'attention-rollout' }.parameters.find { it.name == 'discard_ratio' }.default",
                        equalTo(0.0f))
                .body("explainers.find { it.id == 'attention-rollout' }.parameters.find { it.name == 'discard_ratio' }.min",
                        equalTo(0.0f))
                .body("explainers.find { it.id == 'attention-rollout' }.parameters.find { it.name == 'discard_ratio' }.max",
                        equalTo(1.0f))
                .body("explainers.find { it.id == 'attention-rollout' }.parameters.find { it.name == 'discard_ratio' }.maxExclusive",
                        equalTo(true))
                .body("explainers.find { it.id == 'attention-rollout' }.parameters.find { it.name == 'head_fusion' }.choices",
                        contains("mean", "max", "min"));
    }

    @Test
    void filtersExplainersByModel() {
        given().queryParam("model", "resnet-tiny").when().get("/api/v1/explainers")
                .then().statusCode(200)
                .body("explainers.id", hasItems("grad-cam", "cam"))
                .body("explainers.id", not(hasItem("cls-attention")));
    }

    @Test
    void explainersOfAnUnknownModelIs400() {
        given().queryParam("model", "nope").when().get("/api/v1/explainers")
                .then().statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo("model"));
    }
}
