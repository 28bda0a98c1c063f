package io.parley.application.api;

import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST .../reference-context/resolve}: the customer's words. */
public record ResolveRequest(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            description = "The customer's words",
            example = "nataka ya pili")
        String text) {}
