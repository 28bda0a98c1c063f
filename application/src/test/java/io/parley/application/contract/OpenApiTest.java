package io.parley.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.parley.application.testing.ApiClient;
import io.parley.application.testing.TestApp;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /openapi.json is served without a key and describes every resource method of /v1. */
class OpenApiTest {
  private static final Map<Class<? extends Annotation>, String> VERBS =
      Map.of(
          GET.class,
          "get",
          POST.class,
          "post",
          PUT.class,
          "put",
          DELETE.class,
          "delete",
          PATCH.class,
          "patch");

  @Test
  void everyResourceMethodAppearsInTheDocument() {
    ApiClient.Reply reply = TestApp.api().get("/openapi.json", null);
    assertThat(reply.status()).isEqualTo(200);
    JsonNode paths = reply.body().path("paths");

    List<String> operations = new ArrayList<>();
    for (JavaClass type :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.parley.application.api")) {
      Class<?> resource = type.reflect();
      Path root = resource.getAnnotation(Path.class);
      if (root == null) {
        continue;
      }
      for (Method method : resource.getDeclaredMethods()) {
        for (var verb : VERBS.entrySet()) {
          if (method.isAnnotationPresent(verb.getKey())) {
            Path sub = method.getAnnotation(Path.class);
            String path = (root.value() + (sub == null ? "" : sub.value())).replaceAll("/+$", "");
            for (String concrete : concrete(path)) {
              operations.add(verb.getValue().toUpperCase(Locale.ROOT) + " " + concrete);
              assertThat(paths.path(concrete).has(verb.getValue()))
                  .as("%s %s in /openapi.json", verb.getValue(), concrete)
                  .isTrue();
            }
          }
        }
      }
    }
    assertThat(operations)
        .hasSizeGreaterThanOrEqualTo(20)
        .contains(
            "GET /v1/tenants/{tenantId}/conversations/{conversationId}/agent-context",
            "PUT /v1/tenants/{tenantId}/catalog/products",
            "DELETE /v1/tenants/{tenantId}/catalog/services/{id}");
  }

  /**
   * The paths a JAX-RS path stands for: one per alternative of a parameter constrained to a list
   * ({@code {kind: products|services}}, documented once per kind), else itself.
   */
  private static List<String> concrete(String path) {
    Matcher alternatives = Pattern.compile("\\{\\w+: ([\\w|-]+)}").matcher(path);
    if (!alternatives.find()) {
      return List.of(path);
    }
    List<String> paths = new ArrayList<>();
    for (String value : alternatives.group(1).split("\\|")) {
      paths.addAll(
          concrete(
              path.substring(0, alternatives.start())
                  + value
                  + path.substring(alternatives.end())));
    }
    return paths;
  }

  /** Every /v1 operation can be throttled (429) or find the database down (503): both say when. */
  @Test
  void every429And503IsDocumentedWithRetryAfter() {
    JsonNode paths = TestApp.api().get("/openapi.json", null).body().path("paths");
    List<String> missing = new ArrayList<>();
    int operations = 0;
    for (var path : (Iterable<java.util.Map.Entry<String, JsonNode>>) paths::fields) {
      if (!path.getKey().startsWith("/v1/")) {
        continue;
      }
      for (var operation :
          (Iterable<java.util.Map.Entry<String, JsonNode>>) path.getValue()::fields) {
        operations++;
        for (String status : List.of("429", "503")) {
          JsonNode response = operation.getValue().path("responses").path(status);
          JsonNode retryAfter = response.path("headers").path("Retry-After");
          if (!retryAfter.path("required").asBoolean()
              || !"integer".equals(retryAfter.at("/schema/type").asText())
              || !response
                  .at("/content/application~1json/schema/$ref")
                  .asText()
                  .endsWith("/Error")) {
            missing.add(operation.getKey() + " " + path.getKey() + " " + status);
          }
        }
      }
    }
    assertThat(operations).isGreaterThanOrEqualTo(30);
    assertThat(missing).as("operations without a documented 429/503 with Retry-After").isEmpty();
  }
}
