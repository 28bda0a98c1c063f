package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a tenant's key audit trail: which key was issued or revoked, by whom ({@code admin}
 * or {@code key:<id>}), when. Never the key's secret or hash.
 */
public record ApiKeyEvent(ApiKeyId keyId, Kind kind, String actor, Instant at) {
  public ApiKeyEvent {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(at, "at");
  }

  /** What happened to the key. */
  public enum Kind {
    ISSUED,
    REVOKED
  }

  /** How the audit trail names a caller. */
  public static String actor(Principal principal) {
    return principal instanceof Principal.TenantKey key ? "key:" + key.keyId().value() : "admin";
  }
}
