package io.parley.application.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.parley.application.api.CatalogBodies.KindBodies;
import io.parley.domain.catalog.CatalogKind;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Schema;
import java.util.Locale;
import java.util.Map;

/**
 * The catalog serves both kinds of item from one resource, under a {@code {kind}} path parameter
 * constrained to the kinds' plurals; clients see each kind's paths apart, as if written twice. Each
 * {@code {kind}} path becomes one path per kind, in place, with the kind's names for the {@code
 * ${kind}}, {@code ${kinds}}, {@code ${Kind}} and {@code ${Kinds}} placeholders of its annotations
 * (operation ids, summaries, schema names), and the schemas of the kind's bodies.
 */
final class OpenApiKinds {
  private static final String KIND = "{kind}";

  private OpenApiKinds() {}

  static void expand(OpenAPI openApi) {
    if (openApi.getPaths() == null
        || openApi.getPaths().keySet().stream().noneMatch(path -> path.contains(KIND))) {
      return;
    }
    Paths expanded = new Paths();
    expanded.setExtensions(openApi.getPaths().getExtensions());
    openApi
        .getPaths()
        .forEach(
            (path, item) -> {
              if (!path.contains(KIND)) {
                expanded.addPathItem(path, item);
                return;
              }
              for (KindBodies<?, ?, ?> kind : KindBodies.all()) {
                expanded.addPathItem(
                    path.replace(KIND, kind.kind().plural()), named(item, kind.kind()));
              }
            });
    openApi.setPaths(expanded);
    for (KindBodies<?, ?, ?> kind : KindBodies.all()) {
      for (Class<?> type : new Class<?>[] {kind.body(), kind.item(), kind.page()}) {
        addSchemas(openApi, ModelConverters.getInstance().readAll(new AnnotatedType(type)));
      }
    }
  }

  @SuppressWarnings("rawtypes")
  private static void addSchemas(OpenAPI openApi, Map<String, Schema> schemas) {
    schemas.forEach(
        (name, schema) -> {
          if (!openApi.getComponents().getSchemas().containsKey(name)) {
            openApi.getComponents().addSchemas(name, schema);
          }
        });
  }

  /** A copy of the path's operations in the kind's words, without the kind parameter. */
  private static PathItem named(PathItem item, CatalogKind<?, ?> kind) {
    try {
      String text =
          Json.mapper()
              .writeValueAsString(item)
              .replace("${kind}", kind.name())
              .replace("${kinds}", kind.plural())
              .replace("${Kind}", capitalized(kind.name()))
              .replace("${Kinds}", capitalized(kind.plural()));
      PathItem named = Json.mapper().readValue(text, PathItem.class);
      named
          .readOperations()
          .forEach(
              operation -> {
                if (operation.getParameters() != null) {
                  operation.getParameters().removeIf(p -> "kind".equals(p.getName()));
                }
              });
      return named;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an OpenAPI path item always round-trips as JSON", e);
    }
  }

  private static String capitalized(String word) {
    return word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
  }
}
