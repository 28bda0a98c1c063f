package io.parley.domain.model;

import java.util.Locale;

/**
 * What a tenant key may do: {@code bot} the conversation work, {@code manage} that plus keys,
 * webhooks, tenant settings and erasure.
 */
public enum ApiKeyScope {
  BOT,
  MANAGE;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ApiKeyScope parse(String field, String text) {
    return WireNames.parse(ApiKeyScope.class, field, text);
  }
}
