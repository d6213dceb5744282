package dev.xai4j.server.kserve;

import dev.xai4j.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The KServe V1 data plane, with the request shapes KServe and TorchServe clients send. */
@QuarkusTest
class KServeTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void listsModelsAndTheirReadiness() {
        given().get("/v1/models").then().statusCode(200).body("models", hasItems("vit-tiny", "resnet-tiny"));
        given().get("/v1/models/resnet-tiny").then().statusCode(200)
                .body("name", equalTo("resnet-tiny")).body("ready", equalTo(true));
        given().get("/v1/models/gpt").then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("unknown model 'gpt'"));
    }

    @Test
    void predictsEveryInstanceShapeLikeThePredictEndpoint() {
        String b64 = Fixtures.base64("vit-a.png");
        JsonPath kserve = given().contentType(ContentType.JSON)
                .body(Map.of("instances", List.of(Map.of("b64", b64), b64, Map.of("image_bytes", Map.of("b64", b64)),
                        Map.of("data", b64)), "parameters", Map.of("topK", 2)))
                .when().post("/v1/models/vit-tiny:predict")
                .then().statusCode(200).body("predictions", hasSize(4)).extract().jsonPath();
        JsonPath plain = given().contentType(ContentType.JSON).body(Map.of("model", "vit-tiny", "image", b64, "topK", 2))
                .when().post("/api/v1/predict").then().statusCode(200).extract().jsonPath();
        for (int i = 0; i < 4; i++) {
            assertEquals(plain.getList("top.index"), kserve.getList("predictions[" + i + "].top.index"), "instance " + i);
            assertEquals(plain.getList("top.probability"), kserve.getList("predictions[" + i + "].top.probability"));
        }
    }

    @Test
    void explainsWithTheMethodsOfItsParameters() {
        String b64 = Fixtures.base64("vit-a.png");
        given().contentType(ContentType.JSON)
                .body(Map.of("instances", List.of(Map.of("b64", b64)), "parameters", Map.of(
                        "methods", List.of("grad-cam", Map.of("method", "cls-attention", "parameters", Map.of("block", -2))),
                        "target", "top")))
                .when().post("/v1/models/vit-tiny:explain")
                .then().statusCode(200)
                .body("explanations", hasSize(1))
                .body("explanations[0].model", equalTo("vit-tiny"))
                .body("explanations[0].explanations.method", hasItems("grad-cam", "cls-attention"))
                .body("explanations[0].explanations[0].map.height", equalTo(8));
        // no methods: the model's default methods
        given().contentType(ContentType.JSON).body(Map.of("instances", List.of(b64)))
                .when().post("/v1/models/resnet-tiny:explain")
                .then().statusCode(200)
                .body("explanations[0].explanations.method", hasItems("grad-cam", "cam"));
    }

    @Test
    void badRequestsAreProblemsNamingTheField() {
        given().contentType(ContentType.JSON).body(Map.of("instances", List.of()))
                .when().post("/v1/models/vit-tiny:predict")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("instances"));
        given().contentType(ContentType.JSON).body(Map.of("instances", List.of(Map.of("pixels", 1))))
                .when().post("/v1/models/vit-tiny:predict")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("instances[0]"));
        given().contentType(ContentType.JSON)
                .body(Map.of("instances", List.of(Fixtures.base64("vit-a.png")), "parameters", Map.of("methods", List.of("zebra-cam"))))
                .when().post("/v1/models/vit-tiny:explain")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("unknown method 'zebra-cam'"));
        given().contentType(ContentType.JSON)
                .body(Map.of("instances", List.of(Fixtures.base64("vit-a.png")), "parameters", Map.of("colour", "red")))
                .when().post("/v1/models/vit-tiny:explain")
                .then().statusCode(400).contentType(PROBLEM).body("parameter", equalTo("parameters"));
    }
}
