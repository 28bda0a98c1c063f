package io.parley.application.api;

import io.parley.domain.port.in.ManageApiKeysUseCase.IssuedKey;
import java.time.Instant;

/** A newly issued key; {@code apiKey} is shown only here. */
public record ApiKeyResponse(String id, String name, String apiKey, Instant createdAt) {
  static ApiKeyResponse from(IssuedKey issued) {
    return new ApiKeyResponse(
        issued.key().id().toString(),
        issued.key().name(),
        issued.secret(),
        issued.key().createdAt());
  }
}
