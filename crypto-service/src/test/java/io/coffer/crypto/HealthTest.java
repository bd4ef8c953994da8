package io.coffer.crypto;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;

import io.coffer.testsupport.KafkaBrokerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Readiness reflects the real dependencies: PostgreSQL and the Kafka cluster. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class HealthTest {

    @Test
    void givenDatabaseAndKafka_whenReadinessChecked_thenBothReportedUp() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems("Database connections health check", "Kafka connection health check"));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void givenManagementPort_whenMetricsAsked_thenServedThereOnly() {
        given().when().get("/q/metrics").then().statusCode(404);
        given().baseUri("http://127.0.0.1").port(ConfigProvider.getConfig()
                .getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001))
                .when().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void givenNoApiYet_whenPostingToRoot_thenUnknownOperationStillAwsShaped() {
        given().body("{}").when().post("/").then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "UnknownOperationException")
                .body(containsString("\"__type\":\"UnknownOperationException\""));
    }
}
