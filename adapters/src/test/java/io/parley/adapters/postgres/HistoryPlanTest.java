package io.parley.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.adapters.demo.LongConversation;
import io.parley.adapters.testing.TestServers;
import io.parley.domain.contract.Stores;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Direction;
import io.parley.domain.model.HistoryPosition;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a 100,000-message conversation (among others), every history page is an index range scan that
 * reads about one page of rows, with no sort, at the newest page and deep in the past.
 */
class HistoryPlanTest {
  private static final int MESSAGES = 100_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Jdbi jdbi;
  private static Handle handle;
  private static TenantId tenant;
  private static ConversationId conversation;
  private static ConversationId reminders;

  @BeforeAll
  static void fillALongConversation() {
    jdbi = TestServers.newDatabase().jdbi();
    PostgresAdapters adapters = new PostgresAdapters(jdbi);
    Stores stores = TestServers.stores(adapters);
    tenant = stores.newTenant();
    conversation = stores.newConversation(tenant, "+254700000001");
    for (int i = 0; i < 20; i++) {
      fill(stores.newConversation(tenant, "+2547100000" + i), 2_000);
    }
    fill(conversation, MESSAGES);
    reminders = stores.newConversation(tenant, "+254700000002");
    fill(reminders, 50_000);
    handle = jdbi.open();
    // one message in 100 of that conversation is a reminder: rare, the partial index's case
    handle
        .createUpdate(
            "UPDATE messages SET type = 'automated_reminder', direction = 'out'"
                + " WHERE tenant_id = :tenant AND conversation_id = :id AND seq % 100 = 0")
        .bind("tenant", tenant.value())
        .bind("id", reminders.value())
        .execute();
    handle.execute("ANALYZE");
  }

  private static void fill(ConversationId id, int count) {
    LongConversation.fill(jdbi, tenant, id, count);
  }

  @AfterAll
  static void close() {
    handle.close();
  }

  @Test
  void theNewestPageIsABackwardRangeScanOfOnePage() {
    Plan plan = slice(MessageFilter.DEFAULT, new HistoryPosition.Newest());

    assertThat(plan.messageScans()).containsOnly("Index Scan:Backward:messages_pkey");
    assertThat(plan.nodeTypes()).doesNotContain("Sort");
    assertThat(plan.rowsReadFromMessages()).isLessThanOrEqualTo(51);
  }

  @Test
  void aDeepCursorPageCostsTheSameAsTheNewest() {
    Plan plan = slice(MessageFilter.DEFAULT, new HistoryPosition.Before(120));

    assertThat(plan.messageScans()).containsOnly("Index Scan:Backward:messages_pkey");
    assertThat(plan.nodeTypes()).doesNotContain("Sort");
    assertThat(plan.rowsReadFromMessages()).isLessThanOrEqualTo(51);
  }

  @Test
  void aForwardCursorPageIsAForwardRangeScan() {
    Plan plan = slice(MessageFilter.DEFAULT, new HistoryPosition.After(5_000));

    assertThat(plan.messageScans()).containsOnly("Index Scan:Forward:messages_pkey");
    assertThat(plan.nodeTypes()).doesNotContain("Sort");
  }

  @Test
  void aDirectionFilterIsServedByThePrimaryKeyReadingTwoRowsPerRowReturned() {
    Plan plan =
        slice(new MessageFilter(null, Direction.IN, false), new HistoryPosition.Before(90_000));

    assertThat(plan.messageScans()).containsOnly("Index Scan:Backward:messages_pkey");
    assertThat(plan.nodeTypes()).doesNotContain("Sort");
    assertThat(plan.rowsReadFromMessages()).isLessThanOrEqualTo(2 * 51 + 1);
  }

  @Test
  void aRareTypeFilterUsesThePartialTypeIndexAndReadsOnlyItsRows() {
    Plan plan =
        slice(
            reminders,
            new MessageFilter(MessageType.AUTOMATED_REMINDER, null, false),
            new HistoryPosition.Before(40_000));

    assertThat(plan.messageScans()).containsOnly("Index Scan:Backward:messages_by_rare_type");
    assertThat(plan.nodeTypes()).doesNotContain("Sort");
    assertThat(plan.rowsReadFromMessages()).isLessThanOrEqualTo(51);
  }

  @Test
  void aDeepNumberedPageIsASeqRangeWhenEveryMessagePassesTheFilter() {
    Query query =
        ConversationHistoryJdbiAdapter.pageQuery(
            handle, explain(), tenant, conversation, MessageFilter.DEFAULT, 1_900, 50, false);
    Plan plan = new Plan(query.mapTo(String.class).one());

    assertThat(plan.messageScans()).containsOnly("Index Scan:Backward:messages_pkey");
    assertThat(plan.nodeTypes()).doesNotContain("Sort");
    assertThat(plan.rowsReadFromMessages()).isLessThanOrEqualTo(50);
  }

  @Test
  void theAgentContextWindowReadsOnlyItsMessagesHoweverLongTheConversation() {
    String sql = ConversationHistoryJdbiAdapter.windowSql(MessageFilter.DEFAULT);
    Plan plan =
        new Plan(
            handle
                .createQuery(explain() + sql)
                .bind("tenant", tenant.value())
                .bind("conversation", conversation.value())
                .bind("limit", 20)
                .mapTo(String.class)
                .one());

    assertThat(plan.messageScans()).containsOnly("Index Scan:Backward:messages_pkey");
    assertThat(plan.rowsReadFromMessages()).isLessThanOrEqualTo(20);
  }

  private Plan slice(MessageFilter filter, HistoryPosition position) {
    return slice(conversation, filter, position);
  }

  private Plan slice(ConversationId id, MessageFilter filter, HistoryPosition position) {
    Query query =
        ConversationHistoryJdbiAdapter.sliceQuery(
            handle, explain(), tenant, id, filter, position, 51);
    return new Plan(query.mapTo(String.class).one());
  }

  private static String explain() {
    return "EXPLAIN (ANALYZE, FORMAT JSON) ";
  }

  /** An EXPLAIN (FORMAT JSON) plan, flattened. */
  private record Plan(List<JsonNode> nodes) {
    Plan(String json) {
      this(flatten(parse(json).get(0).path("Plan"), new ArrayList<>()));
    }

    private static JsonNode parse(String json) {
      try {
        return JSON.readTree(json);
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private static List<JsonNode> flatten(JsonNode node, List<JsonNode> into) {
      into.add(node);
      node.path("Plans").forEach(child -> flatten(child, into));
      return into;
    }

    List<String> nodeTypes() {
      return nodes.stream().map(n -> n.path("Node Type").asText()).toList();
    }

    List<String> messageScans() {
      return nodes.stream()
          .filter(n -> "messages".equals(n.path("Relation Name").asText()))
          .map(
              n ->
                  n.path("Node Type").asText()
                      + ":"
                      + n.path("Scan Direction").asText()
                      + ":"
                      + n.path("Index Name").asText())
          .toList();
    }

    long rowsReadFromMessages() {
      return nodes.stream()
          .filter(n -> "messages".equals(n.path("Relation Name").asText()))
          .mapToLong(
              n -> n.path("Actual Rows").asLong() + n.path("Rows Removed by Filter").asLong())
          .sum();
    }
  }
}
