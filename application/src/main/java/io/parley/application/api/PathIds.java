package io.parley.application.api;

import io.parley.application.http.Errors;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.TenantId;
import java.util.UUID;

/** Ids from the path: anything that is not a UUID names nothing, so it is a 404. */
final class PathIds {
  private PathIds() {}

  static TenantId tenant(String text) {
    return new TenantId(uuid(text, "tenant"));
  }

  static ConversationId conversation(String text) {
    return new ConversationId(uuid(text, "conversation"));
  }

  static ApiKeyId apiKey(String text) {
    return new ApiKeyId(uuid(text, "API key"));
  }

  /**
   * A customer id: the data-lifecycle paths (look-up, erasure) answer a malformed id with 400, so a
   * client erasing a customer learns it sent garbage rather than that nothing was there.
   */
  static CustomerId customer(String text) {
    try {
      if (text.length() == 36) {
        return new CustomerId(UUID.fromString(text));
      }
    } catch (IllegalArgumentException e) {
      // falls through
    }
    throw Errors.badRequest("customerId is not a customer id (a UUID)");
  }

  /** A path id of the named kind; anything that is not a UUID names nothing, so 404. */
  static UUID uuid(String text, String what) {
    try {
      if (text.length() == 36) {
        return UUID.fromString(text);
      }
    } catch (IllegalArgumentException e) {
      // falls through
    }
    throw Errors.notFound(what);
  }
}
