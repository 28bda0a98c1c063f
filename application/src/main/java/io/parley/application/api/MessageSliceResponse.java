package io.parley.application.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.util.RawValue;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * A cursor page of messages. {@code nextCursor} continues in the direction of this page (null when
 * nothing more is there now); {@code prevCursor} goes back the other way from this page's first
 * message (null on an empty page), so a client can walk both ways or poll for new messages.
 */
public record MessageSliceResponse(
    @JsonProperty(required = true)
        @ArraySchema(schema = @Schema(implementation = MessageResponse.class))
        List<RawValue> messages,
    @Schema(
            description = "Continues in this page's direction; null when nothing more is there now",
            nullable = true)
        String nextCursor,
    @Schema(
            description =
                "Goes back the other way from this page's first message; null on an empty page",
            nullable = true)
        String prevCursor,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean hasMore)
    implements MessageHistoryResponse {
  /** Which paging style answered: {@code cursor} here, {@code page} for a numbered page. */
  @Override
  @JsonProperty(index = 0)
  @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "cursor")
  public String paging() {
    return "cursor";
  }
}
