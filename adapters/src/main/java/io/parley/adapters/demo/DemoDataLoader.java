package io.parley.adapters.demo;

import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.domain.catalog.CatalogKind;
import io.parley.domain.model.ApiKey;
import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.ApiKeySecret;
import io.parley.domain.model.Ids;
import io.parley.domain.model.KeyHash;
import io.parley.domain.model.Tenant;
import io.parley.domain.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Fills a database with realistic generated data at benchmark scale: tenants with API keys and
 * catalogs (through the catalog adapter, as a sync would), customers, conversations and messages
 * (through PostgreSQL COPY, with the conversation counters the service itself would keep).
 */
public final class DemoDataLoader {
  /**
   * How much to generate. {@code products} is the first tenant's catalog; the others get up to 50.
   */
  public record Plan(int tenants, int conversations, int messagesPerConversation, int products) {}

  /**
   * What was made: the first tenant, its key, one of its conversations, and the one that shows
   * delivery statuses, the service window and a handoff.
   */
  public record Result(
      TenantId tenant, String apiKey, UUID conversation, long messages, UUID showcase) {}

  /** Told how far the load has come. */
  public interface Progress {
    void advance(String stage, long done, long total);
  }

  private static final int COPY_CHUNK = 1 << 16;
  private static final int CONVERSATIONS_PER_COPY = 5_000;
  private static final String COPY_MESSAGES =
      "COPY messages (tenant_id, conversation_id, seq, id, direction, type, text, created_at) FROM STDIN";
  private final PostgresAdapters adapters;
  private final Supplier<Connection> connections;
  private final Clock clock = Clock.systemUTC();

  public DemoDataLoader(PostgresAdapters adapters, Supplier<Connection> connections) {
    this.adapters = adapters;
    this.connections = connections;
  }

  public Result load(Plan plan, Progress progress) {
    List<TenantId> tenants = new ArrayList<>();
    String firstKey = null;
    for (int t = 0; t < plan.tenants(); t++) {
      TenantId id = new TenantId(Ids.next(clock));
      String secret = ApiKeySecret.generate(id);
      adapters
          .tenants()
          .create(
              new Tenant(id, "Demo shop " + t, "demo-" + id.value(), clock.instant()),
              new ApiKey(
                  new ApiKeyId(Ids.next(clock)),
                  id,
                  "demo",
                  io.parley.domain.model.ApiKeyScope.MANAGE,
                  KeyHash.of(secret),
                  clock.instant()));
      tenants.add(id);
      firstKey = firstKey == null ? secret : firstKey;
      progress.advance("tenants", t + 1, plan.tenants());
    }
    loadCatalogs(plan, tenants, progress);
    UUID sample = loadConversations(plan, tenants, progress);
    return new Result(
        tenants.get(0),
        firstKey,
        sample,
        (long) plan.conversations() * plan.messagesPerConversation(),
        DemoShowcase.create(adapters, tenants.get(0), clock).value());
  }

  private void loadCatalogs(Plan plan, List<TenantId> tenants, Progress progress) {
    long total = plan.products() + (long) (tenants.size() - 1) * Math.min(plan.products(), 50);
    long done = 0;
    for (int t = 0; t < tenants.size(); t++) {
      int count = t == 0 ? plan.products() : Math.min(plan.products(), 50);
      var products = CatalogGenerator.products(t, count);
      for (int from = 0; from < count; from += 1_000) {
        var batch = products.subList(from, Math.min(count, from + 1_000));
        adapters.catalog().upsert(tenants.get(t), CatalogKind.PRODUCTS, batch, clock.instant());
        done += batch.size();
        progress.advance("products", done, total);
      }
      adapters
          .catalog()
          .upsert(
              tenants.get(t),
              CatalogKind.SERVICES,
              CatalogGenerator.services(t, 10),
              clock.instant());
    }
  }

  /** Customers, conversations (with their final counters) and messages, each by COPY. */
  private UUID loadConversations(Plan plan, List<TenantId> tenants, Progress progress) {
    int perConversation = plan.messagesPerConversation();
    String counts = counts(perConversation);
    Instant start = clock.instant().minusSeconds((long) perConversation * 60);
    UUID sample = null;
    try (Connection connection = connections.get()) {
      connection.setAutoCommit(true);
      PGConnection pg = connection.unwrap(PGConnection.class);
      StringBuilder customers = new StringBuilder();
      StringBuilder conversations = new StringBuilder();
      List<UUID[]> made = new ArrayList<>(plan.conversations());
      for (int c = 0; c < plan.conversations(); c++) {
        TenantId tenant = tenants.get(c % tenants.size());
        UUID customer = Ids.next(clock);
        UUID conversation = Ids.next(clock);
        sample = sample == null ? conversation : sample;
        String address = "+2547" + String.format("%08d", c);
        customers.append(
            row(
                tenant.value(),
                customer,
                "whatsapp",
                address,
                "Customer " + c,
                c % 3 == 0 ? "en" : "sw",
                start,
                start));
        Instant updated = start.plusSeconds((long) perConversation * 60);
        conversations.append(
            row(
                tenant.value(),
                conversation,
                customer,
                "whatsapp",
                "bot",
                perConversation,
                perConversation,
                counts,
                updated,
                start,
                0));
        made.add(new UUID[] {tenant.value(), conversation});
      }
      copy(
          pg,
          "COPY customers (tenant_id, id, channel, address, name, language, created_at, updated_at) FROM STDIN",
          customers);
      copy(
          pg,
          "COPY conversations (tenant_id, id, customer_id, channel, status, last_seq, message_count, message_counts, updated_at, created_at, context_version) FROM STDIN",
          conversations);
      copyMessages(pg, made, perConversation, start, progress);
      try (var statement = connection.createStatement()) {
        statement.execute("ANALYZE customers, conversations, messages, products, services");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("demo data: " + e.getMessage(), e);
    }
    return sample;
  }

  private void copyMessages(
      PGConnection pg,
      List<UUID[]> conversations,
      int perConversation,
      Instant start,
      Progress progress)
      throws SQLException {
    long total = (long) conversations.size() * perConversation;
    long done = 0;
    CopyIn copy =
        pg.getCopyAPI()
            .copyIn(
                "COPY messages (tenant_id, conversation_id, seq, id, direction, type, text, created_at) FROM STDIN");
    StringBuilder buffer = new StringBuilder(COPY_CHUNK * 2);
    try {
      for (int c = 0; c < conversations.size(); c++) {
        Random random = new Random(c);
        UUID[] conversation = conversations.get(c);
        for (long seq = 1; seq <= perConversation; seq++) {
          String[] kind = DemoScript.kind(seq);
          String text =
              kind[1].equals("customer_inbound")
                  ? DemoScript.customer(random)
                  : kind[1].equals("system") ? "handoff timer reset" : DemoScript.bot(random);
          buffer.append(
              row(
                  conversation[0],
                  conversation[1],
                  seq,
                  Ids.next(clock),
                  kind[0],
                  kind[1],
                  text,
                  start.plusSeconds(seq * 60)));
          if (buffer.length() >= COPY_CHUNK) {
            write(copy, buffer);
          }
        }
        done += perConversation;
        progress.advance("messages", done, total);
      }
      write(copy, buffer);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /** The per "direction.type" counts every generated conversation ends with. */
  private static String counts(int perConversation) {
    Map<String, Integer> counts = new HashMap<>();
    for (long seq = 1; seq <= perConversation; seq++) {
      String[] kind = DemoScript.kind(seq);
      counts.merge(kind[0] + "." + kind[1], 1, Integer::sum);
    }
    StringBuilder json = new StringBuilder("{");
    counts.forEach(
        (key, value) ->
            json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(key)
                .append("\":")
                .append(value));
    return json.append('}').toString();
  }

  private static void copy(PGConnection pg, String sql, StringBuilder rows) throws SQLException {
    CopyIn copy = pg.getCopyAPI().copyIn(sql);
    write(copy, rows);
    copy.endCopy();
  }

  private static void write(CopyIn copy, StringBuilder buffer) throws SQLException {
    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    buffer.setLength(0);
  }

  /** One row of COPY text format: tab-separated, escaped, newline-terminated. */
  private static String row(Object... values) {
    StringBuilder row = new StringBuilder();
    for (Object value : values) {
      if (row.length() > 0) {
        row.append('\t');
      }
      row.append(value == null ? "\\N" : escape(value.toString()));
    }
    return row.append('\n').toString();
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r");
  }
}
