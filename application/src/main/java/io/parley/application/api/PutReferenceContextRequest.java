package io.parley.application.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.domain.model.ReferenceContext;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Body of {@code PUT .../reference-context}: the list just shown, in display order, and the message
 * that showed it.
 */
public record PutReferenceContextRequest(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = WireEnums.LIST_TYPE)
        String listType,
    @ArraySchema(schema = @Schema(ref = "#/components/schemas/ReferenceItem"))
        List<ObjectNode> items,
    Integer ttlSeconds,
    @Schema(
            description =
                "The outbound message that showed the list (the provider's id, e.g. a WhatsApp"
                    + " wamid): a reply quoting it resolves against this list",
            maxLength = ReferenceContext.MAX_PROVIDER_MESSAGE_ID)
        String providerMessageId) {}
