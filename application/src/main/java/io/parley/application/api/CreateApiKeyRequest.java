package io.parley.application.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /v1/tenants/{tenantId}/api-keys}; the scope defaults to {@code bot}. */
public record CreateApiKeyRequest(
    String name,
    @Schema(allowableValues = WireEnums.API_KEY_SCOPE, defaultValue = "bot") String scope) {}
