package io.parley.domain.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The events a webhook can subscribe to, by wire name ("message.created", ...). */
public enum WebhookEvent {
  MESSAGE_CREATED("message.created"),
  MESSAGE_STATUS("message.status"),
  CONVERSATION_UPDATED("conversation.updated"),
  HANDOFF_STARTED("handoff.started"),
  HANDOFF_ENDED("handoff.ended"),
  REFERENCE_CONTEXT_UPDATED("reference_context.updated"),
  CUSTOMER_ERASED("customer.erased");

  private final String wireName;

  WebhookEvent(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static WebhookEvent parse(String field, String text) {
    for (WebhookEvent event : values()) {
      if (event.wireName.equals(text)) {
        return event;
      }
    }
    throw new InvalidInputException(
        field,
        "must be one of "
            + Arrays.stream(values())
                .map(WebhookEvent::wireName)
                .collect(Collectors.joining(", ")));
  }
}
