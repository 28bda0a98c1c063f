package io.parley.application.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Body of {@code PATCH .../conversations/{id}}; absent fields are left as they are. */
public record UpdateConversationRequest(
    @Schema(allowableValues = WireEnums.CONVERSATION_STATUS) String status,
    String summary,
    List<String> keyFacts,
    @Schema(
            description =
                "Start (or change) a human handoff with {\"active\": true, \"assignee\"?,"
                    + " \"reason\"?, \"until\"?}, or end it with {\"active\": false}")
        HandoffRequest handoff) {

  /** A handoff change; absent fields are null. */
  public record HandoffRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Boolean active,
      String assignee,
      String reason,
      @Schema(format = "date-time", description = "When it ends by itself (RFC 3339)")
          String until) {}
}
