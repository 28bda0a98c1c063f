package io.parley.application.api;

import io.parley.domain.port.in.CreateTenantUseCase.CreatedTenant;
import java.time.Instant;

/** A new tenant with its first API key, which is shown only here. */
public record TenantResponse(
    String id, String name, String slug, String apiKey, Instant createdAt) {
  static TenantResponse from(CreatedTenant created) {
    return new TenantResponse(
        created.tenant().id().toString(),
        created.tenant().name(),
        created.tenant().slug(),
        created.key().secret(),
        created.tenant().createdAt());
  }
}
