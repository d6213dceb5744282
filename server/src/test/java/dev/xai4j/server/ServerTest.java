package dev.xai4j.server;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ServerTest {

    @Test
    void infoAnswersWithName() {
        given().accept(ContentType.JSON)
                .when().get("/api/v1/info")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("name", equalTo("xai4j"))
                .body("version", notNullValue());
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", equalTo("UP"));
    }

    @Test
    void openApiListsInfoEndpoint() {
        given().when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/api/v1/info"));
    }

    @Test
    void rootServesVaadinBootstrapPage() {
        given().accept(ContentType.HTML)
                .when().get("/")
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<html"))
                .body(containsString("VAADIN/"));
    }
}
