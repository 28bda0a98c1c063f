package io.parley.application.api;

import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;

/** A history read's answer: a slice in cursor paging, a numbered page in page paging. */
@Schema(
    name = "MessageHistory",
    description = "A MessageSliceResponse (paging: cursor) or a MessagePageResponse (paging: page)",
    oneOf = {MessageSliceResponse.class, MessagePageResponse.class},
    discriminatorProperty = "paging",
    discriminatorMapping = {
      @DiscriminatorMapping(value = "cursor", schema = MessageSliceResponse.class),
      @DiscriminatorMapping(value = "page", schema = MessagePageResponse.class)
    })
public sealed interface MessageHistoryResponse permits MessageSliceResponse, MessagePageResponse {
  /** Which paging style answered. */
  String paging();
}
