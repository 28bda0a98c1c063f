package io.parley.application.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST /v1/tenants}. */
public record CreateTenantRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "mama-mboga") String slug) {}
