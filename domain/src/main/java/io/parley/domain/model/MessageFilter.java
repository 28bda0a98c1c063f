package io.parley.domain.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Which messages a history read returns. System messages are left out unless asked for, either with
 * {@code includeSystem} or by asking for type system explicitly.
 */
public record MessageFilter(MessageType type, Direction direction, boolean includeSystem) {
  public static final MessageFilter DEFAULT = new MessageFilter(null, null, false);

  public boolean matches(MessageType messageType, Direction messageDirection) {
    if (type != null && type != messageType) {
      return false;
    }
    if (direction != null && direction != messageDirection) {
      return false;
    }
    return type != null || includeSystem || messageType != MessageType.SYSTEM;
  }

  /** Every (direction, type) pair this filter lets through, for totals kept per pair. */
  public List<MessageKind> kinds() {
    List<MessageKind> kinds = new ArrayList<>();
    for (Direction d : Direction.values()) {
      for (MessageType t : MessageType.values()) {
        if (matches(t, d)) {
          kinds.add(new MessageKind(d, t));
        }
      }
    }
    return kinds;
  }

  /** A (direction, type) pair; the conversation row keeps a message count per pair. */
  public record MessageKind(Direction direction, MessageType type) {
    public String key() {
      return direction.wireName() + "." + type.wireName();
    }
  }
}
