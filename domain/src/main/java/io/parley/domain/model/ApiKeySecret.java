package io.parley.domain.model;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The text of a tenant API key: {@code prl_<tenant id as 32 hex digits>_<256 random bits>}. The
 * tenant part lets the key be looked up by (tenant, hash), so even that index leads with tenant_id.
 */
public final class ApiKeySecret {
  private static final String PREFIX = "prl_";
  private static final int TENANT_HEX = 32;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ApiKeySecret() {}

  public static String generate(TenantId tenant) {
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    return PREFIX
        + tenant.value().toString().replace("-", "")
        + "_"
        + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }

  /** The tenant a presented key claims to belong to, if it has the shape of a tenant key. */
  public static Optional<TenantId> tenantOf(String key) {
    if (key == null
        || key.length() != PREFIX.length() + TENANT_HEX + 1 + 43
        || !key.startsWith(PREFIX)
        || key.charAt(PREFIX.length() + TENANT_HEX) != '_') {
      return Optional.empty();
    }
    String hex = key.substring(PREFIX.length(), PREFIX.length() + TENANT_HEX);
    if (!hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return Optional.empty();
    }
    return Optional.of(
        new TenantId(
            new UUID(
                Long.parseUnsignedLong(hex, 0, 16, 16), Long.parseUnsignedLong(hex, 16, 32, 16))));
  }
}
