package io.parley.application.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.util.RawValue;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A numbered page of messages with the filtered totals. */
public record MessagePageResponse(
    @JsonProperty(required = true)
        @ArraySchema(schema = @Schema(implementation = MessageResponse.class))
        List<RawValue> messages,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int page,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) int pageSize,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long totalMessages,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) long totalPages,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean hasNext,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean hasPrevious)
    implements MessageHistoryResponse {
  /** Which paging style answered: {@code page} here, {@code cursor} for a slice. */
  @Override
  @JsonProperty(index = 0)
  @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "page")
  public String paging() {
    return "page";
  }
}
