package io.parley.application.infra;

import io.parley.application.api.WireEnums;
import io.parley.domain.model.ReferenceItem;
import io.swagger.v3.jaxrs2.ReaderListener;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.integration.api.OpenApiReader;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Completes the document swagger-core reads from the resources with what holds for every operation
 * alike, so the resources carry only what is particular to each: the error responses each kind of
 * operation can return (all in one {@code Error} schema), the path identifiers' type, and no
 * authentication for {@code /ping}.
 *
 * <p>Which errors an operation returns follows from what it takes: every {@code /v1} operation can
 * answer 400 (a malformed query parameter or body), 401 (no or a bad key), 429 (too many failed
 * authentications from the client's address, or the tenant's rate limit) and 503 (the database is
 * down), 429 and 503 with a {@code Retry-After} header; one under a tenant also 404 (absent, or
 * another tenant's); one with a body also 413 (too large) and 422 (a field the service refuses).
 * Conflicts (409) and admin-only operations (403) are declared on the operations.
 *
 * <p>swagger-core finds it by scanning this package (a listener needs the annotation to be found).
 */
@OpenAPIDefinition
public final class OpenApiCompletion implements ReaderListener {
  static final String ERROR = "Error";

  private static final Map<String, String> ERRORS =
      Map.of(
          "400",
          "A query parameter, path or body that cannot be read; the message names it.",
          "401",
          "No API key, or one that is unknown or revoked.",
          "403",
          "The key may not do this (an operation for the admin key only).",
          "404",
          "Not found: absent, or another tenant's.",
          "409",
          "The write conflicts with what is stored; the message says how.",
          "413",
          "The body is larger than the configured limit.",
          "422",
          "A field the service refuses; the message names it.",
          "429",
          "Too many requests: too many failed authentications from this client address, or (under"
              + " a tenant) the tenant's request rate is over its limit; retry after Retry-After"
              + " seconds.",
          "503",
          "The database is unavailable; retry after Retry-After seconds.");

  private static final Map<String, String> PATH_IDS =
      Map.of(
          "tenantId", "The tenant's id.",
          "conversationId", "The conversation's id.",
          "keyId", "The API key's id.",
          "customerId", "The customer's id.",
          "webhookId", "The webhook's id.",
          "id", "The item's id.");

  @Override
  public void beforeScan(OpenApiReader reader, OpenAPI openApi) {}

  @Override
  public void afterScan(OpenApiReader reader, OpenAPI openApi) {
    OpenApiKinds.expand(openApi);
    openApi.getComponents().getSchemas().values().forEach(OpenApiCompletion::listWireEnums);
    openApi.getComponents().addSchemas(ERROR, errorSchema());
    openApi.getComponents().addSchemas("ReferenceItem", referenceItemSchema());
    Map<String, Schema> schemas = openApi.getComponents().getSchemas();
    schemas.remove("JsonNode");
    schemas.remove("ObjectNode");
    schemas.values().forEach(OpenApiCompletion::inlineJsonObjects);
    schemas.values().forEach(OpenApiCompletion::optionalMeansNullable);
    openApi
        .getPaths()
        .forEach(
            (path, item) -> {
              for (Map.Entry<PathItem.HttpMethod, Operation> entry :
                  item.readOperationsMap().entrySet()) {
                complete(path, entry.getValue());
              }
            });
  }

  private static void complete(String path, Operation operation) {
    if (!path.startsWith("/v1/")) {
      operation.setSecurity(List.of());
      return;
    }
    if (operation.getParameters() != null) {
      operation.getParameters().forEach(OpenApiCompletion::describePathId);
      operation.getParameters().forEach(parameter -> listWireEnums(parameter.getSchema()));
    }
    ApiResponses responses = operation.getResponses();
    addError(responses, "400");
    addError(responses, "401");
    addError(responses, "429");
    if (path.startsWith("/v1/tenants/{tenantId}")) {
      addError(responses, "404");
    }
    if (operation.getRequestBody() != null) {
      operation.getRequestBody().setRequired(true);
      addError(responses, "413");
      addError(responses, "422");
    }
    addError(responses, "503");
    responses.forEach(
        (status, response) -> {
          if (status.startsWith("4") || status.startsWith("5")) {
            if (response.getDescription() == null || response.getDescription().isBlank()) {
              response.setDescription(ERRORS.getOrDefault(status, "An error."));
            }
            response.setContent(errorContent());
          }
          if (status.equals("429") || status.equals("503")) {
            response.addHeaderObject(HttpHeaders.RETRY_AFTER, retryAfter());
          }
        });
  }

  /**
   * Jackson's {@code JsonNode} and {@code ObjectNode} (payloads, attributes: JSON kept as given)
   * become inline objects with any properties, rather than schemas describing Jackson's classes.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void inlineJsonObjects(Schema schema) {
    if (schema.getProperties() == null) {
      return;
    }
    Map<String, Schema> properties = schema.getProperties();
    properties.replaceAll(
        (name, property) -> {
          String ref = property.get$ref();
          if (ref == null || !(ref.endsWith("/JsonNode") || ref.endsWith("/ObjectNode"))) {
            return property;
          }
          return new ObjectSchema()
              .additionalProperties(true)
              .description(property.getDescription())
              .nullable(property.getNullable());
        });
  }

  /**
   * The service writes absent values as JSON null, so every property a schema does not list as
   * required is nullable (a referenced schema through {@code allOf}, as OpenAPI 3.0 ignores the
   * siblings of a {@code $ref}).
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void optionalMeansNullable(Schema schema) {
    if (schema.getProperties() == null) {
      return;
    }
    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
    Map<String, Schema> properties = schema.getProperties();
    properties.replaceAll(
        (name, property) -> {
          if (required.contains(name)) {
            return property;
          }
          if (property.get$ref() != null) {
            return new ComposedSchema().addAllOfItem(property).nullable(true);
          }
          return property.nullable(true);
        });
  }

  /**
   * An enum named by a {@link WireEnums} placeholder ({@code allowableValues =
   * WireEnums.MESSAGE_TYPE}) gets the enum's values, from the code: the document cannot drift from
   * what the service accepts and writes.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static void listWireEnums(Schema schema) {
    if (schema == null) {
      return;
    }
    List<?> values = schema.getEnum();
    if (values != null && values.size() == 1 && WireEnums.names(String.valueOf(values.get(0)))) {
      schema.setEnum(new ArrayList<>(WireEnums.values(String.valueOf(values.get(0)))));
    }
    if (schema.getProperties() != null) {
      ((Map<String, Schema>) schema.getProperties())
          .values()
          .forEach(OpenApiCompletion::listWireEnums);
    }
    listWireEnums(schema.getItems());
    for (List<Schema> parts :
        new List[] {schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()}) {
      if (parts != null) {
        parts.forEach(OpenApiCompletion::listWireEnums);
      }
    }
  }

  private static void describePathId(Parameter parameter) {
    String description = PATH_IDS.get(parameter.getName());
    if ("path".equals(parameter.getIn()) && description != null) {
      parameter.setSchema(new StringSchema().format("uuid"));
      parameter.setDescription(description);
    }
  }

  /** The {@code Retry-After} header of a 429 or 503: whole seconds, at least one. */
  private static Header retryAfter() {
    return new Header()
        .description("Seconds to wait before sending the request again.")
        .required(true)
        .schema(new IntegerSchema().minimum(java.math.BigDecimal.ONE));
  }

  private static void addError(ApiResponses responses, String status) {
    if (!responses.containsKey(status)) {
      responses.addApiResponse(status, new ApiResponse().description(ERRORS.get(status)));
    }
  }

  private static Content errorContent() {
    return new Content()
        .addMediaType(
            jakarta.ws.rs.core.MediaType.APPLICATION_JSON,
            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + ERROR)));
  }

  /**
   * An item of a shown list, kept as the client gave it: any fields, of which {@code id} and {@code
   * title} are required; responses put the item's 1-based {@code position} first.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Schema referenceItemSchema() {
    Schema schema =
        new ObjectSchema()
            .description("A list item as given: id and title, and any other fields")
            .addProperty(
                "position",
                new IntegerSchema()
                    .format("int32")
                    .readOnly(true)
                    .description("1-based position in the list, added in responses"))
            .addProperty(
                "id", new Schema<>().description("The item's id: a string, or a number as given"))
            .addProperty("title", new StringSchema().description("What the customer saw"))
            .addProperty(
                "rowId",
                new StringSchema()
                    .maxLength(ReferenceItem.MAX_ROW_ID)
                    .description(
                        "The interactive list row or button id it was shown with; unique within"
                            + " the list"))
            .additionalProperties(true);
    schema.setRequired(List.of("id", "title"));
    return schema;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Schema errorSchema() {
    Schema schema =
        new ObjectSchema()
            .description("Every error: its HTTP status and a message naming the problem.")
            .addProperty("code", new IntegerSchema().format("int32").description("HTTP status"))
            .addProperty("message", new StringSchema().description("What is wrong, and where"))
            .addProperty(
                "details", new StringSchema().description("More about the error, when any"));
    schema.setRequired(List.of("code", "message"));
    return schema;
  }
}
