package io.parley.adapters.postgres;

import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ConflictException;
import io.parley.domain.model.Tenant;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.TenantSettings;
import io.parley.domain.port.out.TenantStore;
import java.util.Optional;
import org.jdbi.v3.core.JdbiException;

/** Tenants in PostgreSQL. */
public final class TenantJdbiAdapter implements TenantStore {
  private final PostgresCalls calls;

  public TenantJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  @Override
  public void create(Tenant tenant, ApiKey firstKey) {
    try {
      calls.inTransaction(
          handle -> {
            handle
                .createUpdate(
                    """
                    INSERT INTO tenants (id, name, slug, created_at)
                    VALUES (:id, :name, :slug, :createdAt)""")
                .bind("id", tenant.id().value())
                .bind("name", tenant.name())
                .bind("slug", tenant.slug())
                .bind("createdAt", Rows.utc(tenant.createdAt()))
                .execute();
            ApiKeyJdbiAdapter.insert(handle, firstKey, "admin");
            return null;
          });
    } catch (JdbiException e) {
      if (PostgresCalls.violatedConstraint(e).filter("tenants_slug_unique"::equals).isPresent()) {
        throw new ConflictException("slug '" + tenant.slug() + "' is taken");
      }
      throw e;
    }
  }

  @Override
  public Optional<Tenant> find(TenantId id) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT id, name, slug, created_at FROM tenants WHERE id = :id AND removed_at IS NULL")
                .bind("id", id.value())
                .map(
                    (rs, ctx) ->
                        new Tenant(
                            new TenantId(Rows.uuid(rs, "id")),
                            rs.getString("name"),
                            rs.getString("slug"),
                            Rows.instant(rs, "created_at")))
                .findOne());
  }

  @Override
  public Optional<TenantSettings> settings(TenantId id) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT message_days, closed_conversation_days, dormant_after_hours,"
                        + " handoff_idle_minutes FROM tenants WHERE id = :id AND removed_at IS NULL")
                .bind("id", id.value())
                .map(
                    (rs, ctx) ->
                        new TenantSettings(
                            (Integer) rs.getObject("message_days"),
                            (Integer) rs.getObject("closed_conversation_days"),
                            (Integer) rs.getObject("dormant_after_hours"),
                            (Integer) rs.getObject("handoff_idle_minutes")))
                .findOne());
  }

  @Override
  public Optional<Optional<Integer>> requestsPerSecond(TenantId id) {
    return calls.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT requests_per_second FROM tenants"
                        + " WHERE id = :id AND removed_at IS NULL")
                .bind("id", id.value())
                .map((rs, ctx) -> Optional.ofNullable((Integer) rs.getObject(1)))
                .findOne());
  }

  @Override
  public boolean saveRequestsPerSecond(TenantId id, Integer requestsPerSecond) {
    return calls.withHandle(
            handle ->
                handle
                    .createUpdate(
                        "UPDATE tenants SET requests_per_second = :limit"
                            + " WHERE id = :id AND removed_at IS NULL")
                    .bind("limit", requestsPerSecond)
                    .bind("id", id.value())
                    .execute())
        == 1;
  }

  @Override
  public boolean saveSettings(TenantId id, TenantSettings settings) {
    return calls.withHandle(
            handle ->
                handle
                    .createUpdate(
                        "UPDATE tenants SET message_days = :messageDays,"
                            + " closed_conversation_days = :closedDays,"
                            + " dormant_after_hours = :dormantHours,"
                            + " handoff_idle_minutes = :idleMinutes"
                            + " WHERE id = :id AND removed_at IS NULL")
                    .bind("messageDays", settings.messageDays())
                    .bind("closedDays", settings.closedConversationDays())
                    .bind("dormantHours", settings.dormantAfterHours())
                    .bind("idleMinutes", settings.handoffIdleMinutes())
                    .bind("id", id.value())
                    .execute())
        == 1;
  }
}
