package io.parley.adapters.postgres;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyEvent;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ApiKeyScope;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.ListedApiKey;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ApiKeyStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/**
 * API keys in PostgreSQL, found by (tenant_id, key_hash); each issue and revocation writes an
 * api_key_events row in the same transaction.
 */
public final class ApiKeyJdbiAdapter implements ApiKeyStore {
  private final PostgresCalls calls;

  public ApiKeyJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  @Override
  public void create(ApiKey key, int maxLiveKeys, String actor) {
    try {
      calls.inTransaction(
          handle -> {
            // The tenant row is the lock that serializes issues, so two at once cannot both take
            // the last place under the limit.
            boolean tenantLive =
                handle
                    .createQuery(
                        """
                        SELECT 1 FROM tenants
                        WHERE id = :tenant AND removed_at IS NULL FOR UPDATE""")
                    .bind("tenant", key.tenantId().value())
                    .mapTo(Integer.class)
                    .findOne()
                    .isPresent();
            if (!tenantLive) {
              throw new NotFoundException("tenant");
            }
            int live =
                handle
                    .createQuery(
                        """
                        SELECT count(*) FROM api_keys
                        WHERE tenant_id = :tenant AND revoked_at IS NULL""")
                    .bind("tenant", key.tenantId().value())
                    .mapTo(Integer.class)
                    .one();
            if (live >= maxLiveKeys) {
              throw ApiKeyStore.limitReached(maxLiveKeys);
            }
            insert(handle, key, actor);
            return null;
          });
    } catch (JdbiException e) {
      if (PostgresCalls.violatedConstraint(e).isPresent()) {
        throw new NotFoundException("tenant");
      }
      throw e;
    }
  }

  /** Inserts a key and its audit event (within the caller's transaction). */
  static void insert(Handle handle, ApiKey key, String actor) {
    handle
        .createUpdate(
            """
            INSERT INTO api_keys (tenant_id, id, name, scope, key_hash, created_at)
            VALUES (:tenant, :id, :name, :scope, :hash, :createdAt)""")
        .bind("tenant", key.tenantId().value())
        .bind("id", key.id().value())
        .bind("name", key.name())
        .bind("scope", key.scope().wireName())
        .bind("hash", key.hash().hex())
        .bind("createdAt", Rows.utc(key.createdAt()))
        .execute();
    audit(handle, key.tenantId(), key.id(), ApiKeyEvent.Kind.ISSUED, actor, key.createdAt());
  }

  private static void audit(
      Handle handle,
      TenantId tenant,
      ApiKeyId key,
      ApiKeyEvent.Kind kind,
      String actor,
      Instant at) {
    handle
        .createUpdate(
            """
            INSERT INTO api_key_events (tenant_id, key_id, event, actor, at)
            VALUES (:tenant, :key, :event, :actor, :at)""")
        .bind("tenant", tenant.value())
        .bind("key", key.value())
        .bind("event", kind.name().toLowerCase(Locale.ROOT))
        .bind("actor", actor)
        .bind("at", Rows.utc(at))
        .execute();
  }

  @Override
  public Optional<ApiKey> findActive(TenantId tenant, KeyHash hash) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    SELECT id, name, scope, created_at FROM api_keys
                    WHERE tenant_id = :tenant AND key_hash = :hash AND revoked_at IS NULL""")
                .bind("tenant", tenant.value())
                .bind("hash", hash.hex())
                .map((rs, ctx) -> key(rs, tenant, hash))
                .findOne());
  }

  @Override
  public Optional<KeyHash> revoke(TenantId tenant, ApiKeyId key, Instant at, String actor) {
    return calls.inTransaction(
        handle -> {
          Optional<KeyHash> revoked =
              handle
                  .createQuery(
                      """
                      UPDATE api_keys SET revoked_at = :at
                      WHERE tenant_id = :tenant AND id = :id AND revoked_at IS NULL
                      RETURNING key_hash""")
                  .bind("tenant", tenant.value())
                  .bind("id", key.value())
                  .bind("at", Rows.utc(at))
                  .mapTo(String.class)
                  .findOne()
                  .map(KeyHash::new);
          if (revoked.isPresent()) {
            audit(handle, tenant, key, ApiKeyEvent.Kind.REVOKED, actor, at);
          }
          return revoked;
        });
  }

  @Override
  public List<ListedApiKey> list(TenantId tenant) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    SELECT id, name, scope, key_hash, created_at, last_used_at FROM api_keys
                    WHERE tenant_id = :tenant AND revoked_at IS NULL
                    ORDER BY created_at, id""")
                .bind("tenant", tenant.value())
                .map(
                    (rs, ctx) ->
                        new ListedApiKey(
                            key(rs, tenant, new KeyHash(rs.getString("key_hash"))),
                            Rows.instant(rs, "last_used_at")))
                .list());
  }

  @Override
  public List<ApiKeyEvent> events(TenantId tenant) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    SELECT key_id, event, actor, at FROM api_key_events
                    WHERE tenant_id = :tenant ORDER BY at, event""")
                .bind("tenant", tenant.value())
                .map(
                    (rs, ctx) ->
                        new ApiKeyEvent(
                            new ApiKeyId(Rows.uuid(rs, "key_id")),
                            ApiKeyEvent.Kind.valueOf(
                                rs.getString("event").toUpperCase(Locale.ROOT)),
                            rs.getString("actor"),
                            Rows.instant(rs, "at")))
                .list());
  }

  /**
   * Writes the last-used times of keys, one statement for all; a key whose stored time is less than
   * a minute older is left alone, so each key's row is written at most once a minute across every
   * instance.
   */
  public void recordUses(Collection<KeyUse> uses) {
    if (uses.isEmpty()) {
      return;
    }
    UUID[] tenants = uses.stream().map(use -> use.tenant().value()).toArray(UUID[]::new);
    UUID[] keys = uses.stream().map(use -> use.key().value()).toArray(UUID[]::new);
    Long[] micros =
        uses.stream()
            .map(use -> java.time.temporal.ChronoUnit.MICROS.between(Instant.EPOCH, use.at()))
            .toArray(Long[]::new);
    calls.withHandle(
        handle ->
            handle
                .createUpdate(
                    """
                    UPDATE api_keys k SET last_used_at = u.at
                    FROM (SELECT tenant_id, id, to_timestamp(micros / 1000000.0) AS at
                          FROM unnest(:tenants, :keys, :micros) AS v(tenant_id, id, micros)) u
                    WHERE k.tenant_id = u.tenant_id AND k.id = u.id
                      AND (k.last_used_at IS NULL
                           OR k.last_used_at <= u.at - interval '1 minute')""")
                .bindArray("tenants", UUID.class, (Object[]) tenants)
                .bindArray("keys", UUID.class, (Object[]) keys)
                .bindArray("micros", Long.class, (Object[]) micros)
                .execute());
  }

  /** A key's use, waiting to be written. */
  public record KeyUse(TenantId tenant, ApiKeyId key, Instant at) {}

  private static ApiKey key(ResultSet rs, TenantId tenant, KeyHash hash) throws SQLException {
    return new ApiKey(
        new ApiKeyId(Rows.uuid(rs, "id")),
        tenant,
        rs.getString("name"),
        ApiKeyScope.valueOf(rs.getString("scope").toUpperCase(Locale.ROOT)),
        hash,
        Rows.instant(rs, "created_at"));
  }
}
