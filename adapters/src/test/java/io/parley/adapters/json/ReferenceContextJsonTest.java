package io.parley.adapters.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ListType;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cached form of a lookup keeps what quoted replies and taps need. */
class ReferenceContextJsonTest {
  @Test
  void aCachedLookupKeepsTheMessageThatShowedItAndEachItemsRowId() {
    Instant now = Instant.parse("2026-12-01T08:00:00Z");
    ReferenceContext context =
        new ReferenceContext(
            UUID.randomUUID(),
            new ConversationId(UUID.randomUUID()),
            3,
            ListType.PRODUCTS,
            ReferenceContextJson.items(
                "[{\"id\":\"p1\",\"title\":\"Red Kikoi\",\"rowId\":\"kikoi-red\"},"
                    + "{\"id\":\"p2\",\"title\":\"Blue Kikoi\"}]"),
            now,
            now.plusSeconds(300),
            "wamid.HBgM");

    ContextLookup read =
        ReferenceContextJson.lookup(ReferenceContextJson.lookup(new ContextLookup.Newest(context)));

    assertThat(read).isEqualTo(new ContextLookup.Newest(context));
    ReferenceContext back = ((ContextLookup.Newest) read).context();
    assertThat(back.providerMessageId()).isEqualTo("wamid.HBgM");
    assertThat(back.items()).extracting(ReferenceItem::rowId).containsExactly("kikoi-red", null);
  }

  @Test
  void anEntryCachedBeforeQuotedRepliesReadsWithoutAMessage() {
    String older =
        "{\"state\":\"context\",\"id\":\""
            + UUID.randomUUID()
            + "\",\"conversationId\":\""
            + UUID.randomUUID()
            + "\",\"version\":1,\"listType\":\"products\","
            + "\"createdAt\":\"2026-12-01T08:00:00Z\",\"expiresAt\":\"2026-12-01T08:05:00Z\","
            + "\"items\":[{\"id\":\"p1\",\"title\":\"A\"}]}";

    ReferenceContext read = ((ContextLookup.Newest) ReferenceContextJson.lookup(older)).context();

    assertThat(read.providerMessageId()).isNull();
    assertThat(read.items()).extracting(ReferenceItem::rowId).containsExactly((String) null);
  }

  @Test
  void aRowIdStoredBeforeRowIdsWereCheckedIsNoRowIdAndStillReads() {
    List<ReferenceItem> items =
        ReferenceContextJson.items(
            "[{\"id\":\"p1\",\"title\":\"A\",\"rowId\":7},"
                + "{\"id\":\"p2\",\"title\":\"B\",\"rowId\":\" \"},"
                + "{\"id\":\"p3\",\"title\":\"C\",\"rowId\":\""
                + "r".repeat(257)
                + "\"}]");

    assertThat(items).extracting(ReferenceItem::rowId).containsOnlyNulls();
  }
}
