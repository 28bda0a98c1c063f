package io.parley.application.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md ends with every operation of api/openapi.json (method, path, operationId, summary),
 * generated from it: fails when an operation is added, renamed or dropped without the doc; {@code
 * -Dparley.docs.write=true} rewrites that section.
 */
class ApiDocTest {
  private static final Path DOC = Path.of("..", "docs", "api.md");
  private static final String HEADING = "## Every operation";

  @Test
  void theDocListsEveryOperationOfTheOpenApiDocument() throws Exception {
    String doc = Files.readString(DOC);
    int at = doc.indexOf(HEADING);
    String prose = at < 0 ? doc.stripTrailing() + "\n\n" : doc.substring(0, at);
    String expected = prose + operations();
    if (Boolean.getBoolean("parley.docs.write")) {
      Files.writeString(DOC, expected);
    }
    assertThat(Files.readString(DOC))
        .as("docs/api.md's last section (regenerate with -Dparley.docs.write=true)")
        .isEqualTo(expected);
  }

  private static String operations() throws Exception {
    JsonNode paths =
        new ObjectMapper().readTree(Path.of("..", "api", "openapi.json").toFile()).get("paths");
    StringBuilder out =
        new StringBuilder(HEADING)
            .append("\n\nGenerated from api/openapi.json by `ApiDocTest`.\n\n")
            .append("| method | path | operationId | summary |\n| --- | --- | --- | --- |\n");
    Iterator<Map.Entry<String, JsonNode>> each = paths.fields();
    while (each.hasNext()) {
      Map.Entry<String, JsonNode> path = each.next();
      Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
      while (methods.hasNext()) {
        Map.Entry<String, JsonNode> method = methods.next();
        JsonNode op = method.getValue();
        if (!op.has("operationId")) {
          continue;
        }
        out.append("| ")
            .append(method.getKey().toUpperCase(java.util.Locale.ROOT))
            .append(" | `")
            .append(path.getKey())
            .append("` | ")
            .append(op.get("operationId").asText())
            .append(" | ")
            .append(op.path("summary").asText().replace("|", "\\|"))
            .append(" |\n");
      }
    }
    return out.toString();
  }
}
