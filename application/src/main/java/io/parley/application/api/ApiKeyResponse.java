package io.parley.application.api;

import io.parley.domain.port.in.ManageApiKeysUseCase.IssuedKey;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A newly issued key; {@code apiKey} is shown only here. */
public record ApiKeyResponse(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = WireEnums.API_KEY_SCOPE)
        String scope,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String apiKey,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt) {
  static ApiKeyResponse from(IssuedKey issued) {
    return new ApiKeyResponse(
        issued.key().id().toString(),
        issued.key().name(),
        issued.key().scope().wireName(),
        issued.secret(),
        issued.key().createdAt());
  }
}
