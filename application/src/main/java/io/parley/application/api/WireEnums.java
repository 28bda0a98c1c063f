package io.parley.application.api;

import io.parley.domain.model.ApiKeyScope;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.Direction;
import io.parley.domain.model.Erasure;
import io.parley.domain.model.ListType;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.Resolution;
import io.parley.domain.model.WebhookDelivery;
import io.parley.domain.model.WebhookEvent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The domain's enums as the API writes and reads them: each value by its lowercase name (the rule
 * of the enums' {@code wireName()} and {@code parse}). An annotation names one with {@code
 * allowableValues = WireEnums.MESSAGE_TYPE}; the OpenAPI document lists the enum's values in its
 * place, so the contract cannot restate (and drift from) what the code accepts.
 */
public final class WireEnums {
  public static final String API_KEY_SCOPE = "${ApiKeyScope}";
  public static final String CONVERSATION_STATUS = "${ConversationStatus}";
  public static final String DELIVERY_STATUS = "${DeliveryStatus}";
  public static final String DIRECTION = "${Direction}";
  public static final String ERASURE_KIND = "${ErasureKind}";
  public static final String LIST_TYPE = "${ListType}";
  public static final String MATCHED_BY = "${MatchedBy}";
  public static final String MESSAGE_TYPE = "${MessageType}";
  public static final String WEBHOOK_DELIVERY_STATUS = "${WebhookDeliveryState}";
  public static final String WEBHOOK_EVENT = "${WebhookEvent}";

  private static final Map<String, Class<? extends Enum<?>>> ENUMS =
      Map.of(
          API_KEY_SCOPE, ApiKeyScope.class,
          CONVERSATION_STATUS, ConversationStatus.class,
          DELIVERY_STATUS, DeliveryStatus.class,
          DIRECTION, Direction.class,
          ERASURE_KIND, Erasure.Kind.class,
          LIST_TYPE, ListType.class,
          MATCHED_BY, Resolution.MatchedBy.class,
          MESSAGE_TYPE, MessageType.class,
          WEBHOOK_DELIVERY_STATUS, WebhookDelivery.State.class,
          WEBHOOK_EVENT, WebhookEvent.class);

  private WireEnums() {}

  /** Whether an annotation's value names an enum here. */
  public static boolean names(String value) {
    return ENUMS.containsKey(value);
  }

  /** The wire names of the enum a placeholder names, in declaration order. */
  public static List<String> values(String placeholder) {
    Class<? extends Enum<?>> type = ENUMS.get(placeholder);
    if (type == null) {
      throw new IllegalArgumentException("no enum is called " + placeholder);
    }
    return Arrays.stream(type.getEnumConstants()).map(WireEnums::wireName).toList();
  }

  /** The value's own wireName() where it has one ("message.created"), else its lowercase name. */
  private static String wireName(Enum<?> value) {
    if (value instanceof WebhookEvent event) {
      return event.wireName();
    }
    return value.name().toLowerCase(Locale.ROOT);
  }
}
