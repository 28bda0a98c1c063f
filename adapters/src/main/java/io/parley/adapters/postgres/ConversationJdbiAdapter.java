package io.parley.adapters.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.adapters.json.ExactNumbers;
import io.parley.domain.model.ConflictException;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationListPosition;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.Customer;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.CustomerProfile;
import io.parley.domain.model.Handoff;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.StartedConversation;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ConversationStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/** Customers and conversations in PostgreSQL. */
public final class ConversationJdbiAdapter implements ConversationStore {
  private static final ObjectMapper JSON = ExactNumbers.mapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  /** Columns of a conversation joined with its customer, as {@link #map} reads them. */
  static final String COLUMNS =
      """
      c.id, c.tenant_id, c.channel, c.status, c.message_count, c.summary,
      c.key_facts::text AS key_facts, c.created_at, c.updated_at, c.last_inbound_at,
      c.handoff_since, c.handoff_assignee, c.handoff_reason, c.handoff_until, c.handoff_agent_at,
      c.handoff_prior_status, c.handoff_idle_minutes,
      u.id AS customer_id, u.address, u.name AS customer_name, u.language""";

  private final PostgresCalls calls;

  public ConversationJdbiAdapter(PostgresCalls calls) {
    this.calls = calls;
  }

  @Override
  public StartedConversation startOrResume(TenantId tenant, NewConversation conversation) {
    try {
      return calls.written(
          tenant,
          started -> List.of(started.conversation().id().toString(), WritePositions.CONVERSATIONS),
          handle -> startOrResume(handle, tenant, conversation));
    } catch (JdbiException e) {
      if (PostgresCalls.violatedConstraint(e).isPresent()) {
        throw new NotFoundException("tenant");
      }
      throw e;
    }
  }

  private StartedConversation startOrResume(Handle handle, TenantId tenant, NewConversation c) {
    UUID customerId =
        handle
            .createQuery(
                """
                INSERT INTO customers (tenant_id, id, channel, address, name, language, created_at, updated_at)
                VALUES (:tenant, :id, :channel, :address, :name, :language, :now, :now)
                ON CONFLICT (tenant_id, channel, address) DO UPDATE
                  SET name = COALESCE(EXCLUDED.name, customers.name),
                      language = COALESCE(EXCLUDED.language, customers.language),
                      updated_at = EXCLUDED.updated_at
                RETURNING id""")
            .bind("tenant", tenant.value())
            .bind("id", c.customerId().value())
            .bind("channel", c.channel())
            .bind("address", c.address())
            .bind("name", c.customerName())
            .bind("language", c.language())
            .bind("now", Rows.utc(c.now()))
            .mapTo(UUID.class)
            .one();
    // The partial unique index allows one active conversation per customer; a concurrent
    // creator waits on it and then finds the winner's row below.
    boolean created =
        handle
                .createUpdate(
                    """
                INSERT INTO conversations (tenant_id, id, customer_id, channel, status, created_at, updated_at)
                VALUES (:tenant, :id, :customer, :channel, 'open', :now, :now)
                ON CONFLICT (tenant_id, customer_id) WHERE status IN ('open', 'bot', 'handoff')
                DO NOTHING""")
                .bind("tenant", tenant.value())
                .bind("id", c.id().value())
                .bind("customer", customerId)
                .bind("channel", c.channel())
                .bind("now", Rows.utc(c.now()))
                .execute()
            == 1;
    Conversation conversation =
        handle
            .createQuery(
                """
                SELECT %s
                FROM conversations c
                JOIN customers u ON u.tenant_id = c.tenant_id AND u.id = c.customer_id
                WHERE c.tenant_id = :tenant AND c.customer_id = :customer
                  AND c.status IN ('open', 'bot', 'handoff')"""
                    .formatted(COLUMNS))
            .bind("tenant", tenant.value())
            .bind("customer", customerId)
            .map(ConversationJdbiAdapter::map)
            .one();
    return new StartedConversation(conversation, created);
  }

  @Override
  public Optional<Conversation> find(TenantId tenant, ConversationId id) {
    return calls.read(
        tenant,
        id.toString(),
        handle ->
            handle
                .createQuery(
                    """
                    SELECT %s
                    FROM conversations c
                    JOIN customers u ON u.tenant_id = c.tenant_id AND u.id = c.customer_id
                    WHERE c.tenant_id = :tenant AND c.id = :id"""
                        .formatted(COLUMNS))
                .bind("tenant", tenant.value())
                .bind("id", id.value())
                .map(ConversationJdbiAdapter::map)
                .findOne());
  }

  @Override
  public Optional<Conversation> update(
      TenantId tenant, ConversationId id, ConversationChanges changes, Instant now) {
    try {
      return calls.written(
          tenant,
          updated -> List.of(id.toString(), WritePositions.CONVERSATIONS),
          handle -> update(handle, tenant, id, changes, now));
    } catch (JdbiException e) {
      if (PostgresCalls.violatedConstraint(e)
          .filter("conversations_one_active"::equals)
          .isPresent()) {
        throw new ConflictException(
            "the customer already has an active conversation on this channel");
      }
      throw e;
    }
  }

  /**
   * The row locked and read, its status and handoff changed as the domain relates them (to the
   * conversation as it stands now), and written back with the other changes.
   */
  private static Optional<Conversation> update(
      Handle handle, TenantId tenant, ConversationId id, ConversationChanges changes, Instant now) {
    Integer[] tenantIdle = {null};
    Optional<Conversation> current =
        handle
            .createQuery(
                """
                SELECT %s, (SELECT t.handoff_idle_minutes FROM tenants t WHERE t.id = c.tenant_id)
                  AS tenant_idle_minutes
                FROM conversations c
                JOIN customers u ON u.tenant_id = c.tenant_id AND u.id = c.customer_id
                WHERE c.tenant_id = :tenant AND c.id = :id
                FOR UPDATE OF c"""
                    .formatted(COLUMNS))
            .bind("tenant", tenant.value())
            .bind("id", id.value())
            .map(
                (rs, ctx) -> {
                  tenantIdle[0] = (Integer) rs.getObject("tenant_idle_minutes");
                  return map(rs, ctx);
                })
            .findOne();
    if (current.isEmpty()) {
      return current;
    }
    Conversation next =
        current.get().changed(changes.status(), changes.handoff(), now, tenantIdle[0]);
    Handoff h = next.handoff();
    return handle
        .createQuery(
            """
            WITH c AS (
              UPDATE conversations SET
                status = :status,
                summary = COALESCE(:summary, summary),
                key_facts = COALESCE(CAST(:keyFacts AS jsonb), key_facts),
                updated_at = GREATEST(updated_at, :now),
                handoff_since = :since, handoff_assignee = :assignee, handoff_reason = :reason,
                handoff_until = :until, handoff_agent_at = :agentAt,
                handoff_prior_status = :prior, handoff_idle_minutes = :idle
              WHERE tenant_id = :tenant AND id = :id
              RETURNING *)
            SELECT %s
            FROM c JOIN customers u ON u.tenant_id = c.tenant_id AND u.id = c.customer_id"""
                .formatted(COLUMNS))
        .bind("tenant", tenant.value())
        .bind("id", id.value())
        .bind("status", next.status().wireName())
        .bind("summary", changes.summary())
        .bind("keyFacts", changes.keyFacts() == null ? null : toJson(changes.keyFacts()))
        .bind("now", Rows.utc(now))
        .bind("since", h == null ? null : Rows.utc(h.since()))
        .bind("assignee", h == null ? null : h.assignee())
        .bind("reason", h == null ? null : h.reason())
        .bind("until", h == null ? null : Rows.utc(h.until()))
        .bind("agentAt", h == null ? null : Rows.utc(h.agentAt()))
        .bind("prior", h == null ? null : h.priorStatus().wireName())
        .bind("idle", h == null ? null : h.idleMinutes())
        .map(ConversationJdbiAdapter::map)
        .findOne();
  }

  @Override
  public List<Conversation> list(
      TenantId tenant, ConversationStatus status, ConversationListPosition after, int limit) {
    return list(tenant, status, null, after, limit);
  }

  @Override
  public List<Conversation> listOfCustomer(
      TenantId tenant, CustomerId customer, ConversationListPosition after, int limit) {
    return list(tenant, null, customer, after, limit);
  }

  private List<Conversation> list(
      TenantId tenant,
      ConversationStatus status,
      CustomerId customer,
      ConversationListPosition after,
      int limit) {
    String sql =
        """
        SELECT %s
        FROM conversations c
        JOIN customers u ON u.tenant_id = c.tenant_id AND u.id = c.customer_id
        WHERE c.tenant_id = :tenant"""
                .formatted(COLUMNS)
            + (status == null
                ? ""
                : status == ConversationStatus.HANDOFF
                    ? " AND c.status = 'handoff' AND " + HandoffSql.active("c.", "now()")
                    : " AND (c.status = :status OR (c.status = 'handoff'"
                        + " AND c.handoff_prior_status = :status AND NOT "
                        + HandoffSql.active("c.", "now()")
                        + "))")
            + (customer == null ? "" : " AND c.customer_id = :customer")
            + (after == null ? "" : " AND (c.updated_at, c.id) < (:afterUpdatedAt, :afterId)")
            + " ORDER BY c.updated_at DESC, c.id DESC LIMIT :limit";
    return calls.read(
        tenant,
        WritePositions.CONVERSATIONS,
        handle -> {
          Query query = handle.createQuery(sql).bind("tenant", tenant.value()).bind("limit", limit);
          if (status != null && status != ConversationStatus.HANDOFF) {
            query.bind("status", status.wireName());
          }
          if (customer != null) {
            query.bind("customer", customer.value());
          }
          if (after != null) {
            query
                .bind("afterUpdatedAt", Rows.utc(after.updatedAt()))
                .bind("afterId", after.id().value());
          }
          return query.map(ConversationJdbiAdapter::map).list();
        });
  }

  /**
   * Customers with their conversation count and latest activity; {@code condition} picks them
   * (within the tenant).
   */
  private List<CustomerProfile> customers(
      TenantId tenant, String condition, String name, Object value) {
    String sql =
        """
        SELECT u.id, u.channel, u.address, u.name, u.language, u.created_at,
               count(c.id) AS conversations,
               greatest(u.updated_at, max(c.updated_at)) AS last_seen
        FROM customers u
        LEFT JOIN conversations c ON c.tenant_id = u.tenant_id AND c.customer_id = u.id
        WHERE u.tenant_id = :tenant AND %s
        GROUP BY u.tenant_id, u.id
        ORDER BY u.created_at, u.id"""
            .formatted(condition);
    return calls.withHandle(
        handle ->
            handle
                .createQuery(sql)
                .bind("tenant", tenant.value())
                .bind(name, value)
                .map(
                    (rs, ctx) ->
                        new CustomerProfile(
                            new Customer(
                                new CustomerId(Rows.uuid(rs, "id")),
                                rs.getString("channel"),
                                rs.getString("address"),
                                rs.getString("name"),
                                rs.getString("language")),
                            rs.getLong("conversations"),
                            Rows.instant(rs, "created_at"),
                            Rows.instant(rs, "last_seen")))
                .list());
  }

  @Override
  public List<CustomerProfile> customersByAddress(TenantId tenant, String address) {
    return customers(tenant, "u.address = :address", "address", address);
  }

  @Override
  public Optional<CustomerProfile> customer(TenantId tenant, CustomerId id) {
    return customers(tenant, "u.id = :id", "id", id.value()).stream().findFirst();
  }

  static Conversation map(ResultSet rs, StatementContext ctx) throws SQLException {
    Customer customer =
        new Customer(
            new CustomerId(Rows.uuid(rs, "customer_id")),
            rs.getString("channel"),
            rs.getString("address"),
            rs.getString("customer_name"),
            rs.getString("language"));
    return new Conversation(
        new ConversationId(Rows.uuid(rs, "id")),
        new TenantId(Rows.uuid(rs, "tenant_id")),
        rs.getString("channel"),
        ConversationStatus.parse("status", rs.getString("status")),
        customer,
        rs.getLong("message_count"),
        rs.getString("summary"),
        fromJson(rs.getString("key_facts")),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "updated_at"),
        Rows.instant(rs, "last_inbound_at"),
        handoff(rs));
  }

  private static Handoff handoff(ResultSet rs) throws SQLException {
    Instant since = Rows.instant(rs, "handoff_since");
    return since == null
        ? null
        : new Handoff(
            since,
            rs.getString("handoff_assignee"),
            rs.getString("handoff_reason"),
            Rows.instant(rs, "handoff_until"),
            Rows.instant(rs, "handoff_agent_at"),
            ConversationStatus.parse("handoff_prior_status", rs.getString("handoff_prior_status")),
            (Integer) rs.getObject("handoff_idle_minutes"));
  }

  private static String toJson(List<String> facts) {
    try {
      return JSON.writeValueAsString(facts);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a list of strings always serializes", e);
    }
  }

  private static List<String> fromJson(String json) {
    try {
      return JSON.readValue(json, STRINGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("key_facts holds a JSON array of strings", e);
    }
  }
}
