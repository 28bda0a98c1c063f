package io.parley.application.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** Body of {@code PUT .../reference-context}: the list just shown, in display order. */
public record PutReferenceContextRequest(
    @Schema(
            requiredMode = Schema.RequiredMode.REQUIRED,
            allowableValues = {"products", "services", "appointments", "orders"})
        String listType,
    @ArraySchema(schema = @Schema(ref = "#/components/schemas/ReferenceItem"))
        List<ObjectNode> items,
    Integer ttlSeconds) {}
