package anquanli.common;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The service publishes the hand-written contract itself, not a generated approximation of it. */
@QuarkusTest
class ContractServedTest {

    @Test
    @SuppressWarnings("unchecked")
    void servedSpecHasTheContractsPathsAndSchemas() throws IOException {
        Map<String, Object> file = new Yaml().load(Files.readString(Path.of("openapi.yaml")));
        String served = given().when().get("/openapi").then().statusCode(200).extract().asString();
        Map<String, Object> live = new Yaml().load(served);

        assertThat(((Map<String, Object>) live.get("paths")).keySet())
                .containsExactlyInAnyOrderElementsOf(((Map<String, Object>) file.get("paths")).keySet());
        Map<String, Object> liveSchemas = (Map<String, Object>) ((Map<String, Object>) live.get("components")).get("schemas");
        Map<String, Object> fileSchemas = (Map<String, Object>) ((Map<String, Object>) file.get("components")).get("schemas");
        assertThat(liveSchemas.keySet()).containsExactlyInAnyOrderElementsOf(fileSchemas.keySet());
    }
}
