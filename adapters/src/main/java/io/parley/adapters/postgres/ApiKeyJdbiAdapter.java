package io.parley.adapters.postgres;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ApiKeyStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;

/** API keys in PostgreSQL, found by (tenant_id, key_hash). */
public final class ApiKeyJdbiAdapter implements ApiKeyStore {
  private final PostgresCalls calls;

  public ApiKeyJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  @Override
  public void create(ApiKey key) {
    try {
      int inserted =
          calls.withHandle(
              handle ->
                  handle
                      .createUpdate(
                          """
                          INSERT INTO api_keys (tenant_id, id, name, key_hash, created_at)
                          SELECT :tenant, :id, :name, :hash, :createdAt
                          WHERE EXISTS (SELECT 1 FROM tenants
                                        WHERE id = :tenant AND removed_at IS NULL)""")
                      .bind("tenant", key.tenantId().value())
                      .bind("id", key.id().value())
                      .bind("name", key.name())
                      .bind("hash", key.hash().hex())
                      .bind("createdAt", Rows.utc(key.createdAt()))
                      .execute());
      if (inserted == 0) {
        throw new NotFoundException("tenant");
      }
    } catch (JdbiException e) {
      if (PostgresCalls.violatedConstraint(e).isPresent()) {
        throw new NotFoundException("tenant");
      }
      throw e;
    }
  }

  static int insert(Handle handle, ApiKey key) {
    return handle
        .createUpdate(
            """
            INSERT INTO api_keys (tenant_id, id, name, key_hash, created_at)
            VALUES (:tenant, :id, :name, :hash, :createdAt)""")
        .bind("tenant", key.tenantId().value())
        .bind("id", key.id().value())
        .bind("name", key.name())
        .bind("hash", key.hash().hex())
        .bind("createdAt", Rows.utc(key.createdAt()))
        .execute();
  }

  @Override
  public Optional<ApiKey> findActive(TenantId tenant, KeyHash hash) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    SELECT id, name, created_at FROM api_keys
                    WHERE tenant_id = :tenant AND key_hash = :hash AND revoked_at IS NULL""")
                .bind("tenant", tenant.value())
                .bind("hash", hash.hex())
                .map(
                    (rs, ctx) ->
                        new ApiKey(
                            new ApiKeyId(Rows.uuid(rs, "id")),
                            tenant,
                            rs.getString("name"),
                            hash,
                            Rows.instant(rs, "created_at")))
                .findOne());
  }

  @Override
  public Optional<KeyHash> revoke(TenantId tenant, ApiKeyId key, Instant at) {
    return calls.withHandle(
        handle ->
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
                .map(KeyHash::new));
  }
}
