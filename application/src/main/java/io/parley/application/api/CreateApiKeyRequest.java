package io.parley.application.api;

/** Body of {@code POST /v1/tenants/{tenantId}/api-keys}. */
public record CreateApiKeyRequest(String name) {}
