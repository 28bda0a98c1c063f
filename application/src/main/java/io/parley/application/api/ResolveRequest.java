package io.parley.application.api;

import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.port.in.ResolveReferenceUseCase;
import io.swagger.v3.oas.annotations.media.Schema;

/** Body of {@code POST .../reference-context/resolve}: the customer's reply. */
public record ResolveRequest(
    @Schema(
            description = "The customer's words; required unless selectedRowId is given",
            example = "nataka ya pili",
            maxLength = ResolveReferenceUseCase.MAX_TEXT)
        String text,
    @Schema(
            description =
                "The outbound message the reply quotes: the reply resolves against the list that"
                    + " message showed, also when superseded or expired, while Parley retains it"
                    + " (NO_CONTEXT when none is held for it)",
            maxLength = ReferenceContext.MAX_PROVIDER_MESSAGE_ID)
        String replyToProviderMessageId,
    @Schema(
            description =
                "The interactive list row or button the customer tapped: the item with that rowId"
                    + " (in the quoted list, else the current one) is RESOLVED with matchedBy"
                    + " selection and the text is not read; an unknown row id is NOT_A_REFERENCE",
            maxLength = ReferenceItem.MAX_ROW_ID)
        String selectedRowId) {}
