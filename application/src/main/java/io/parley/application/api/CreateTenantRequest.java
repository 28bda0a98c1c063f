package io.parley.application.api;

/** Body of {@code POST /v1/tenants}. */
public record CreateTenantRequest(String name, String slug) {}
