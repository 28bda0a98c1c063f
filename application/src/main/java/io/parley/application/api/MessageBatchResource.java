package io.parley.application.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.application.http.Errors;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Direction;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.AppendBatchUseCase;
import io.parley.domain.port.in.AppendMessageUseCase;
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
import java.util.UUID;

/** Batch ingest: up to 500 messages, to any conversations of the tenant, in one transaction. */
@Path("/v1/tenants/{tenantId}/messages/batch")
@Tag(name = "messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class MessageBatchResource {
  static final int MAX_BATCH = 500;

  private final AppendBatchUseCase batch;

  public MessageBatchResource(AppendBatchUseCase batch) {
    this.batch = batch;
  }

  @POST
  @Operation(
      operationId = "appendMessages",
      summary = "Append a batch of messages",
      description =
          "1 to 500 messages to any conversations of the tenant, in one transaction: per message,"
              + " in input order, 201 (stored, with its seq; seqs per conversation in input order),"
              + " 200 (already stored under its providerMessageId), 404 (no such conversation) or"
              + " 422 (invalid, with the error). Retrying the batch stores nothing twice.")
  @ApiResponse(
      responseCode = "200",
      description = "One result per message, in input order",
      content = @Content(schema = @Schema(implementation = BatchResults.class)))
  public BatchResults append(@PathParam("tenantId") String tenantId, BatchRequest body) {
    TenantId tenant = PathIds.tenant(tenantId);
    if (body == null || body.messages() == null) {
      throw Errors.badRequest("messages is required: an array of 1 to " + MAX_BATCH + " messages");
    }
    List<JsonNode> items = body.messages();
    if (items.isEmpty() || items.size() > MAX_BATCH) {
      throw Errors.badRequest(
          "messages must hold 1 to " + MAX_BATCH + " messages, not " + items.size());
    }
    BatchResult[] results = new BatchResult[items.size()];
    List<AppendMessageUseCase.Command> commands = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String at = "messages[" + i + "]";
      try {
        ConversationId conversation = conversation(items.get(i));
        if (conversation == null) {
          results[i] = new BatchResult(404, null, "conversation not found");
          continue;
        }
        commands.add(command(tenant, conversation, items.get(i), at));
        positions.add(i);
      } catch (InvalidInputException e) {
        results[i] = new BatchResult(422, null, e.getMessage());
      }
    }
    List<AppendBatchUseCase.Outcome> outcomes =
        commands.isEmpty() ? List.of() : batch.appendAll(tenant, commands);
    for (int j = 0; j < outcomes.size(); j++) {
      results[positions.get(j)] = result(outcomes.get(j));
    }
    return new BatchResults(List.of(results));
  }

  /** The item's conversation; null (a 404) for one that is not a conversation id at all. */
  private static ConversationId conversation(JsonNode item) {
    if (item == null || !item.isObject()) {
      throw new InvalidInputException("message", "must be a JSON object");
    }
    JsonNode id = item.get("conversationId");
    if (id == null || !id.isTextual()) {
      throw new InvalidInputException("conversationId", "is required");
    }
    try {
      return id.asText().length() == 36 ? new ConversationId(UUID.fromString(id.asText())) : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static final Set<String> FIELDS =
      Set.of(
          "conversationId", "direction", "type", "text", "payload", "providerMessageId", "sentAt");

  /** One item, read strictly ({@link JsonItems}). */
  private static AppendMessageUseCase.Command command(
      TenantId tenant, ConversationId conversation, JsonNode item, String at) {
    JsonItems.onlyKnown(item, at, FIELDS);
    JsonNode payload = item.get("payload");
    if (payload != null && !payload.isNull() && !payload.isObject()) {
      throw new InvalidInputException(at + ".payload", "must be a JSON object");
    }
    return new AppendMessageUseCase.Command(
        tenant,
        conversation,
        Direction.parse(at + ".direction", JsonItems.text(item, "direction", at)),
        MessageType.parse(at + ".type", JsonItems.text(item, "type", at)),
        JsonItems.text(item, "text", at),
        payload == null || payload.isNull() ? null : payload.toString(),
        JsonItems.text(item, "providerMessageId", at),
        Timestamps.optional(at + ".sentAt", JsonItems.text(item, "sentAt", at)));
  }

  private static BatchResult result(AppendBatchUseCase.Outcome outcome) {
    if (outcome instanceof AppendBatchUseCase.Appended appended) {
      return new BatchResult(
          appended.appended().created() ? 201 : 200,
          MessageResponse.from(appended.appended().message()),
          null);
    }
    if (outcome instanceof AppendBatchUseCase.Invalid invalid) {
      return new BatchResult(422, null, invalid.message());
    }
    return new BatchResult(404, null, "conversation not found");
  }

  /** The batch: each message as a single append takes it, plus its conversationId. */
  public record BatchRequest(
      @ArraySchema(
              schema = @Schema(implementation = BatchMessage.class),
              minItems = 1,
              maxItems = MAX_BATCH)
          List<JsonNode> messages) {}

  /** One message of a batch. */
  public record BatchMessage(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, format = "uuid") String conversationId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = WireEnums.DIRECTION)
          String direction,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String type,
      String text,
      @Schema(implementation = Object.class) Object payload,
      String providerMessageId,
      @Schema(format = "date-time", description = "The provider's timestamp (RFC 3339)")
          String sentAt) {}

  /** One result per message, in input order. */
  public record BatchResults(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<BatchResult> results) {}

  /** A message's outcome: its status, and the message stored or the error. */
  public record BatchResult(
      @Schema(
              requiredMode = Schema.RequiredMode.REQUIRED,
              allowableValues = {"200", "201", "404", "422"})
          int status,
      MessageResponse message,
      String error) {}
}
