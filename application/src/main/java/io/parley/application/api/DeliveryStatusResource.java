package io.parley.application.api;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.http.Errors;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.RecordDeliveryStatusesUseCase;
import io.parley.domain.port.in.RecordDeliveryStatusesUseCase.Report;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Delivery statuses of outbound messages, as the provider's webhooks report them, in batches. */
@Path("/v1/tenants/{tenantId}/message-statuses")
@Tag(name = "messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class DeliveryStatusResource {
  static final int MAX_BATCH = 500;

  private final RecordDeliveryStatusesUseCase statuses;
  private final MetricRegistry metrics;

  public DeliveryStatusResource(RecordDeliveryStatusesUseCase statuses, MetricRegistry metrics) {
    this.statuses = statuses;
    this.metrics = metrics;
  }

  @POST
  @Operation(
      operationId = "recordMessageStatuses",
      summary = "Record delivery statuses",
      description =
          "1 to 500 statuses by providerMessageId. A message's status is the highest reported in"
              + " the order sent < delivered < failed < read, whatever order and however often they"
              + " arrive. Per status, in input order: 200 (applied: the message with its current"
              + " delivery status), 202 (no message of the tenant has that providerMessageId yet:"
              + " held, and applied when the message is appended, singly or in a batch, within"
              + " statuses.pendingTtl) or 422 (invalid, with the error).")
  @ApiResponse(
      responseCode = "200",
      description = "One result per status, in input order",
      content = @Content(schema = @Schema(implementation = StatusResults.class)))
  public StatusResults record(@PathParam("tenantId") String tenantId, StatusBatch body) {
    TenantId tenant = PathIds.tenant(tenantId);
    if (body == null || body.statuses() == null) {
      throw Errors.badRequest("statuses is required: an array of 1 to " + MAX_BATCH + " statuses");
    }
    List<JsonNode> items = body.statuses();
    if (items.isEmpty() || items.size() > MAX_BATCH) {
      throw Errors.badRequest(
          "statuses must hold 1 to " + MAX_BATCH + " statuses, not " + items.size());
    }
    StatusResult[] results = new StatusResult[items.size()];
    List<Report> reports = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        reports.add(report(items.get(i), "statuses[" + i + "]"));
        positions.add(i);
      } catch (InvalidInputException e) {
        results[i] = new StatusResult(422, null, e.getMessage());
      }
    }
    List<RecordDeliveryStatusesUseCase.Recorded> outcomes =
        reports.isEmpty() ? List.of() : statuses.record(tenant, reports);
    for (int j = 0; j < outcomes.size(); j++) {
      results[positions.get(j)] = result(outcomes.get(j));
      if (!(outcomes.get(j) instanceof RecordDeliveryStatusesUseCase.Refused)) {
        metrics.counter("statuses." + reports.get(j).status()).inc();
      }
    }
    return new StatusResults(List.of(results));
  }

  private static final Set<String> FIELDS = Set.of("providerMessageId", "status", "at", "error");
  private static final Set<String> ERROR_FIELDS = Set.of("code", "title");

  /** One item, read strictly ({@link JsonItems}). */
  private static Report report(JsonNode item, String at) {
    if (item == null || !item.isObject()) {
      throw new InvalidInputException(at, "must be a JSON object");
    }
    JsonItems.onlyKnown(item, at, FIELDS);
    JsonNode error = item.get("error");
    boolean failed = error != null && !error.isNull();
    if (failed) {
      if (!error.isObject()) {
        throw new InvalidInputException(at + ".error", "must be an object {code, title}");
      }
      JsonItems.onlyKnown(error, at + ".error", ERROR_FIELDS);
    }
    String status = JsonItems.text(item, "status", at);
    DeliveryStatus.parse(at + ".status", status);
    return new Report(
        JsonItems.text(item, "providerMessageId", at),
        status,
        Timestamps.required(at + ".at", JsonItems.text(item, "at", at)),
        failed ? code(error, at + ".error") : null,
        failed ? JsonItems.text(error, "title", at + ".error") : null);
  }

  /** The provider's error code: a string, or a whole number as WhatsApp sends it (131047). */
  private static String code(JsonNode error, String at) {
    JsonNode value = error.get("code");
    if (value != null && value.isIntegralNumber()) {
      return value.asText();
    }
    return JsonItems.text(error, "code", at);
  }

  private static StatusResult result(RecordDeliveryStatusesUseCase.Recorded outcome) {
    if (outcome instanceof RecordDeliveryStatusesUseCase.Applied applied) {
      return new StatusResult(200, MessageResponse.from(applied.message()), null);
    }
    if (outcome instanceof RecordDeliveryStatusesUseCase.Refused invalid) {
      return new StatusResult(422, null, invalid.message());
    }
    return new StatusResult(202, null, null);
  }

  /** The batch of statuses. */
  public record StatusBatch(
      @ArraySchema(
              schema = @Schema(implementation = StatusReport.class),
              minItems = 1,
              maxItems = MAX_BATCH)
          List<JsonNode> statuses) {}

  /** One status as the provider reported it. */
  public record StatusReport(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String providerMessageId,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = WireEnums.DELIVERY_STATUS)
          String status,
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              format = "date-time",
              description =
                  "The provider's time of the status (RFC 3339; not before 2000-01-01T00:00:00Z)")
          String at,
      @Schema(description = "The provider's error, for a failed delivery")
          MessageResponse.DeliveryErrorResponse error) {}

  /** One result per status, in input order. */
  public record StatusResults(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<StatusResult> results) {}

  /** A status's outcome: 200 applied (with the message), 202 held, 422 invalid (with the error). */
  public record StatusResult(
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = {"200", "202", "422"})
          int status,
      MessageResponse message,
      String error) {}
}
