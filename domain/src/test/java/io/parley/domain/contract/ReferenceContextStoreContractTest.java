package io.parley.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Ids;
import io.parley.domain.model.ListType;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.QuotedContextLookup;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.out.ReferenceContextStore;
import io.parley.domain.port.out.ReferenceContextStore.NewReferenceContext;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every ReferenceContextStore must do; subclasses supply the store and the conversations. */
public abstract class ReferenceContextStoreContractTest {
  protected abstract Stores stores();

  protected abstract ReferenceContextStore contexts(Stores stores);

  private Stores stores;
  private ReferenceContextStore contexts;
  private TenantId tenant;
  private ConversationId conversation;

  @BeforeEach
  void setUp() {
    stores = stores();
    contexts = contexts(stores);
    tenant = stores.newTenant();
    conversation = stores.newConversation(tenant, "+254700000001");
  }

  public static NewReferenceContext newContext(ConversationId conversation, String... titles) {
    return shownBy(null, conversation, titles);
  }

  /** A context the outbound message {@code providerMessageId} showed, its items with row ids. */
  public static NewReferenceContext shownBy(
      String providerMessageId, ConversationId conversation, String... titles) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    List<ReferenceItem> items = new ArrayList<>();
    for (String title : titles) {
      int position = items.size() + 1;
      String rowId = providerMessageId == null ? null : "row-" + position;
      items.add(
          new ReferenceItem(
              position,
              "p" + position,
              title,
              "{\"id\":\"p"
                  + position
                  + "\",\"title\":\""
                  + title
                  + "\",\"price\":\"4500.00\""
                  + (rowId == null ? "" : ",\"rowId\":\"" + rowId + "\"")
                  + "}",
              "",
              new java.math.BigDecimal("4500.00"),
              rowId));
    }
    return new NewReferenceContext(
        UUID.randomUUID(),
        conversation,
        ListType.PRODUCTS,
        items,
        now,
        now.plusSeconds(300),
        providerMessageId);
  }

  @Test
  void aConversationWithoutContextsHasNoNewest() {
    assertThat(contexts.lookup(tenant, conversation)).isEqualTo(new ContextLookup.Newest(null));
  }

  @Test
  void savesVersionsOneTwoThreeAndReadsTheNewest() {
    ReferenceContext first =
        contexts.save(tenant, newContext(conversation, "Red shoes", "Blue shoes"));
    ReferenceContext second = contexts.save(tenant, newContext(conversation, "Braids"));

    assertThat(first.version()).isEqualTo(1);
    assertThat(second.version()).isEqualTo(2);
    ContextLookup lookup = contexts.lookup(tenant, conversation);
    assertThat(lookup).isEqualTo(new ContextLookup.Newest(second));
    assertThat(lookup.version()).isEqualTo(2);
  }

  @Test
  void keepsItemsInTheirOrderWithTheirJson() {
    contexts.save(tenant, newContext(conversation, "A", "B", "C"));

    ReferenceContext read =
        ((ContextLookup.Newest) contexts.lookup(tenant, conversation)).context();

    assertThat(read.items()).extracting(ReferenceItem::title).containsExactly("A", "B", "C");
    assertThat(read.items()).extracting(ReferenceItem::position).containsExactly(1, 2, 3);
    assertThat(read.items().get(1).json()).contains("\"price\"").contains("4500.00");
  }

  @Test
  void anotherTenantOrAnUnknownConversationSeesAnAbsentConversation() {
    contexts.save(tenant, newContext(conversation, "A"));
    TenantId other = stores.newTenant();
    ConversationId unknown = new ConversationId(Ids.next(Clock.systemUTC()));

    assertThat(contexts.lookup(other, conversation))
        .isInstanceOf(ContextLookup.ConversationAbsent.class);
    assertThat(contexts.lookup(tenant, unknown))
        .isInstanceOf(ContextLookup.ConversationAbsent.class);
    assertThatThrownBy(() -> contexts.save(other, newContext(conversation, "A")))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void aQuotedMessageFindsTheVersionItShowedAlsoWhenSuperseded() {
    ReferenceContext shown = contexts.save(tenant, shownBy("wamid.A", conversation, "A", "B"));
    ReferenceContext newer = contexts.save(tenant, shownBy("wamid.B", conversation, "C"));

    QuotedContextLookup older = contexts.quoted(tenant, conversation, "wamid.A");
    QuotedContextLookup newest = contexts.quoted(tenant, conversation, "wamid.B");

    assertThat(older).isEqualTo(new QuotedContextLookup.Shown(shown, newer.createdAt()));
    ReferenceContext read = ((QuotedContextLookup.Shown) older).context();
    assertThat(read.providerMessageId()).isEqualTo("wamid.A");
    assertThat(read.items()).extracting(ReferenceItem::rowId).containsExactly("row-1", "row-2");
    assertThat(newest).isEqualTo(new QuotedContextLookup.Shown(newer, null));
  }

  @Test
  void aMessageThatShowedTwoVersionsFindsTheNewerOne() {
    contexts.save(tenant, shownBy("wamid.A", conversation, "A"));
    ReferenceContext again = contexts.save(tenant, shownBy("wamid.A", conversation, "B"));

    assertThat(contexts.quoted(tenant, conversation, "wamid.A"))
        .isEqualTo(new QuotedContextLookup.Shown(again, null));
  }

  @Test
  void aMessageThatShowedNoListIsNotShownAndAnotherTenantSeesNoConversation() {
    contexts.save(tenant, shownBy("wamid.A", conversation, "A"));
    contexts.save(tenant, newContext(conversation, "B"));
    ConversationId other = stores.newConversation(tenant, "+254700000002");
    TenantId stranger = stores.newTenant();

    assertThat(contexts.quoted(tenant, conversation, "wamid.Z"))
        .isEqualTo(new QuotedContextLookup.NotShown());
    assertThat(contexts.quoted(tenant, other, "wamid.A"))
        .isEqualTo(new QuotedContextLookup.NotShown());
    assertThat(contexts.quoted(stranger, conversation, "wamid.A"))
        .isEqualTo(new QuotedContextLookup.ConversationAbsent());
  }

  @Test
  void theNewestContextKeepsItsMessageAndRowIds() {
    ReferenceContext saved = contexts.save(tenant, shownBy("wamid.A", conversation, "A", "B"));

    ReferenceContext read =
        ((ContextLookup.Newest) contexts.lookup(tenant, conversation)).context();

    assertThat(read).isEqualTo(saved);
    assertThat(read.providerMessageId()).isEqualTo("wamid.A");
    assertThat(read.itemWithRowId("row-2")).map(ReferenceItem::title).contains("B");
  }
}
