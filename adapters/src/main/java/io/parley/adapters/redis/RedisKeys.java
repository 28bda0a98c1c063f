package io.parley.adapters.redis;

import io.parley.domain.model.ConversationId;
import io.parley.domain.model.TenantId;

/**
 * Key names. The tenant is a hash tag ({@code {...}}), so Redis Cluster keeps all of a tenant's
 * keys in one slot; nothing in a key comes from user text.
 */
public final class RedisKeys {
  /** The channel every instance publishes and hears invalidations on. */
  public static final String INVALIDATIONS = "parley:invalidations";

  private RedisKeys() {}

  public static String catalogVersion(TenantId tenant) {
    return "parley:{" + tenant + "}:catalog:version";
  }

  /**
   * Where a catalog read's results start: then come the version, the operation and the HMAC-SHA256
   * (under a server secret) of its normalized parameters (never the raw text).
   */
  public static String catalogResultPrefix(TenantId tenant) {
    return "parley:{" + tenant + "}:catalog:";
  }

  /** What every key of the tenant starts with. */
  public static String tenantPrefix(String tenant) {
    return "parley:{" + tenant + "}:";
  }

  /** A SCAN pattern for every key of the tenant (its hash tag routes it on a cluster). */
  public static String tenantPattern(TenantId tenant) {
    return "parley:{" + tenant + "}:*";
  }

  /** A conversation's window: {@code <generation>|<json>}. */
  public static String window(TenantId tenant, ConversationId conversation) {
    return "parley:{" + tenant + "}:win:" + conversation;
  }

  /** A conversation's window generation: a new random value after every write of it. */
  public static String windowGeneration(TenantId tenant, ConversationId conversation) {
    return "parley:{" + tenant + "}:gen:" + conversation;
  }

  public static String referenceContext(TenantId tenant, ConversationId conversation) {
    return "parley:{" + tenant + "}:ref:" + conversation;
  }
}
