package io.parley.adapters.cache;

import java.util.Optional;

/**
 * A change another instance must drop from its L1: what kind of entry, whose, which one, and the
 * version that replaced it. {@code origin} names the publishing instance, which ignores its own.
 */
public record Invalidation(
    String kind, String tenant, String subject, long version, String origin) {
  public static final String REFERENCE_CONTEXT = "ref";
  public static final String API_KEY = "key";
  public static final String CATALOG = "catalog";
  public static final String TENANT = "tenant";

  public String encode() {
    return String.join("|", kind, tenant, subject, Long.toString(version), origin);
  }

  public static Optional<Invalidation> decode(String message) {
    String[] parts = message.split("\\|", -1);
    if (parts.length != 5) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Invalidation(parts[0], parts[1], parts[2], Long.parseLong(parts[3]), parts[4]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
