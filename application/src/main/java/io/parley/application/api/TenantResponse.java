package io.parley.application.api;

import io.parley.domain.port.in.CreateTenantUseCase.CreatedTenant;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A new tenant with its first API key, which is shown only here. */
public record TenantResponse(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String id,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String slug,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String apiKey,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Instant createdAt) {
  static TenantResponse from(CreatedTenant created) {
    return new TenantResponse(
        created.tenant().id().toString(),
        created.tenant().name(),
        created.tenant().slug(),
        created.key().secret(),
        created.tenant().createdAt());
  }
}
