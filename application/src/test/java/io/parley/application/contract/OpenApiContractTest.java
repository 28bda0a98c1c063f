package io.parley.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.NodeTools;
import io.parley.application.testing.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * api/openapi.json is the contract clients are generated from (the tests' own client included): it
 * must be exactly what /openapi.json serves, and spectral's oas ruleset must find nothing in it.
 * After changing the API, {@code mvn verify -Dparley.openapi.write=true} rewrites the file from the
 * served document; review the diff like any other change.
 */
class OpenApiContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CONTRACT = NodeTools.ROOT.resolve("api").resolve("openapi.json");

  @Test
  void theCommittedContractIsWhatTheServiceServes() throws Exception {
    ApiClient.Reply served = TestApp.api().get("/openapi.json", null);
    assertThat(served.status()).isEqualTo(200);
    if (Boolean.getBoolean("parley.openapi.write")) {
      Files.writeString(
          CONTRACT, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(served.body()) + "\n");
    }
    JsonNode committed = JSON.readTree(CONTRACT.toFile());
    assertThat(committed)
        .as("api/openapi.json is out of date: run mvn verify -Dparley.openapi.write=true")
        .isEqualTo(served.body());
  }

  /**
   * swagger-core names a schema by the class's simple name, and a second class of the same name
   * silently replaces the first (a customer look-up's CustomerResponse once replaced the
   * conversation's): every body type of the API needs a name of its own.
   */
  @Test
  void everyBodyTypeHasASchemaNameOfItsOwn() {
    List<String> names =
        new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.parley.application.api")
                .stream()
                .filter(type -> type.reflect().isRecord())
                .map(type -> type.getSimpleName())
                .toList();
    assertThat(names).doesNotHaveDuplicates().isNotEmpty();
  }

  @Test
  void spectralFindsNoErrorsAndNoWarnings() throws Exception {
    Path spectral = NodeTools.command("spectral");
    NodeTools.Result lint =
        NodeTools.run(
            NodeTools.ROOT,
            300,
            spectral.toString(),
            "lint",
            "--ruleset",
            "api/.spectral.yaml",
            "--fail-severity",
            "hint",
            "api/openapi.json");
    assertThat(lint.output()).contains("No results with a severity of 'hint' or higher found!");
    assertThat(lint.exit()).as(lint.output()).isZero();
  }

  @Test
  void theContractDescribesEveryOperationWithTypedParametersAndErrors() throws Exception {
    JsonNode document = JSON.readTree(CONTRACT.toFile());
    int operations = 0;
    for (JsonNode path : document.path("paths")) {
      for (JsonNode operation : path) {
        operations++;
        String id = operation.path("operationId").asText();
        assertThat(id).isNotEmpty();
        assertThat(operation.path("tags")).as(id).isNotEmpty();
        assertThat(operation.path("description").asText()).as(id).isNotEmpty();
        JsonNode responses = operation.path("responses");
        assertThat(responses.has("default")).as(id).isFalse();
        responses
            .fields()
            .forEachRemaining(
                status -> {
                  JsonNode content = status.getValue().path("content");
                  if (status.getKey().startsWith("4") || status.getKey().startsWith("5")) {
                    assertThat(content.at("/application~1json/schema/$ref").asText())
                        .as("%s %s", id, status.getKey())
                        .isEqualTo("#/components/schemas/Error");
                  } else if (!status.getKey().equals("204")) {
                    assertThat(content.isEmpty())
                        .as("%s %s has a schema", id, status.getKey())
                        .isFalse();
                  }
                });
        for (JsonNode parameter : operation.path("parameters")) {
          JsonNode schema = parameter.path("schema");
          String name = parameter.path("name").asText();
          if (name.equals("limit") || name.equals("pageSize") || name.endsWith("Limit")) {
            assertThat(schema.path("type").asText()).as("%s %s", id, name).isEqualTo("integer");
            assertThat(schema.has("minimum") && schema.has("maximum") && schema.has("default"))
                .as("%s %s has its range and default", id, name)
                .isTrue();
          }
          if (parameter.path("in").asText().equals("path")) {
            assertThat(schema.path("format").asText()).as("%s %s", id, name).isEqualTo("uuid");
          }
        }
      }
    }
    assertThat(operations).isGreaterThanOrEqualTo(23);
    assertThat(document.at("/components/securitySchemes/bearer/scheme").asText())
        .isEqualTo("bearer");
    assertThat(document.at("/paths/~1ping/get/security")).isEmpty();
  }
}
