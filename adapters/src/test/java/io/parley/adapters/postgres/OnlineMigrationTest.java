package io.parley.adapters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.adapters.testing.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Issue 26's changes to the big tables are online: each statement the changelog runs on {@code
 * messages} and {@code conversations} leaves the table's file as it was (PostgreSQL rewrites a
 * table into a new relfilenode; a catalog-only ALTER keeps it). Checked by running the changelog's
 * own statements again on a migrated, filled table after dropping what they added.
 */
class OnlineMigrationTest {
  private static final Pattern CHANGESET =
      Pattern.compile("(?s)--changeset parley:26-[^\\n]*\\n(.*?)(?=\\n--changeset |\\z)");
  private static final Pattern ADD_COLUMN =
      Pattern.compile("ALTER TABLE (messages|conversations) ADD COLUMN (\\w+)[^;]*;");

  private final Jdbi jdbi = TestServers.newDatabase().jdbi();

  @Test
  void addingIssue26sColumnsRewritesNeitherMessagesNorConversations() throws IOException {
    List<String[]> statements = issue26Statements();
    assertThat(statements).as("the 26 changesets add columns to messages").isNotEmpty();
    jdbi.useHandle(
        handle -> {
          handle.execute(
              "INSERT INTO tenants (id, name, slug, created_at) VALUES"
                  + " ('00000000-0000-0000-0000-000000000001', 't', 't', now())");
          handle.execute(
              "INSERT INTO customers VALUES ('00000000-0000-0000-0000-000000000001',"
                  + " '00000000-0000-0000-0000-000000000002', 'whatsapp', '+1', null, null,"
                  + " now(), now())");
          handle.execute(
              "INSERT INTO conversations (tenant_id, id, customer_id, channel, status,"
                  + " created_at, updated_at) VALUES ('00000000-0000-0000-0000-000000000001',"
                  + " '00000000-0000-0000-0000-000000000003',"
                  + " '00000000-0000-0000-0000-000000000002', 'whatsapp', 'open', now(), now())");
          handle.execute(
              "INSERT INTO messages (tenant_id, conversation_id, seq, id, direction, type, text,"
                  + " created_at) SELECT '00000000-0000-0000-0000-000000000001',"
                  + " '00000000-0000-0000-0000-000000000003', g, gen_random_uuid(), 'in',"
                  + " 'customer_inbound', 'x', now() FROM generate_series(1, 10000) g");
          // The outbox trigger's WHEN clause (changeset 27) names handoff columns; it is not
          // part of what this test measures.
          handle.execute("DROP TRIGGER conversations_outbox ON conversations");
          for (String[] statement : statements) {
            handle.execute("ALTER TABLE " + statement[0] + " DROP COLUMN " + statement[1]);
          }
          long messagesBefore = fileNode(handle, "messages");
          long conversationsBefore = fileNode(handle, "conversations");
          for (String[] statement : statements) {
            handle.execute(statement[2]);
          }
          assertThat(fileNode(handle, "messages"))
              .as("messages was not rewritten")
              .isEqualTo(messagesBefore);
          assertThat(fileNode(handle, "conversations"))
              .as("conversations was not rewritten")
              .isEqualTo(conversationsBefore);
        });
  }

  @Test
  void theCheckCanFail() {
    jdbi.useHandle(
        handle -> {
          long before = fileNode(handle, "messages");
          handle.execute(
              "ALTER TABLE messages ADD COLUMN probe timestamptz DEFAULT clock_timestamp()");
          assertThat(fileNode(handle, "messages"))
              .as("a volatile default rewrites the table: the file node moves")
              .isNotEqualTo(before);
        });
  }

  private static long fileNode(org.jdbi.v3.core.Handle handle, String table) {
    return handle
        .createQuery("SELECT pg_relation_filenode(CAST(:t AS regclass))")
        .bind("t", table)
        .mapTo(Long.class)
        .one();
  }

  /** {table, column, statement} for each ADD COLUMN of the issue 26 changesets. */
  private static List<String[]> issue26Statements() throws IOException {
    String changelog;
    try (InputStream in = OnlineMigrationTest.class.getResourceAsStream("/db/changelog.sql")) {
      changelog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<String[]> statements = new ArrayList<>();
    Matcher changeset = CHANGESET.matcher(changelog);
    while (changeset.find()) {
      Matcher add = ADD_COLUMN.matcher(changeset.group(1));
      while (add.find()) {
        statements.add(new String[] {add.group(1), add.group(2), add.group()});
      }
    }
    return statements;
  }
}
