package io.parley.domain.service;

import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.QuotedContextLookup;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.Resolution;
import io.parley.domain.model.TenantId;
import io.parley.domain.model.Texts;
import io.parley.domain.port.in.GetReferenceContextUseCase;
import io.parley.domain.port.in.ResolveReferenceUseCase;
import io.parley.domain.port.in.SaveReferenceContextUseCase;
import io.parley.domain.port.out.ItemDetailsReader;
import io.parley.domain.port.out.ItemDetailsReader.ItemDetails;
import io.parley.domain.port.out.ReferenceContextStore;
import io.parley.domain.port.out.ReferenceContextStore.NewReferenceContext;
import io.parley.domain.resolver.ReferenceResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Saves, reads and resolves reference contexts. Whether the newest context is still active is
 * decided here, against the clock, on every read: no cache tier can serve an expired one. A quoted
 * list is used while Parley retains it: until {@code retained} after it expired or was superseded
 * (the retention pass deletes it then).
 */
public final class ReferenceContextService
    implements SaveReferenceContextUseCase, GetReferenceContextUseCase, ResolveReferenceUseCase {

  private final ItemDetailsReader details;
  private final ReferenceContextStore store;
  private final ReferenceResolver resolver = new ReferenceResolver();
  private final Clock clock;
  private final Duration defaultTtl;
  private final Duration maxTtl;
  private final Duration retained;

  /**
   * {@code retained}: how long a version stays usable by a quoted reply once expired or superseded
   * (the retention grace).
   */
  public ReferenceContextService(
      ReferenceContextStore store,
      ItemDetailsReader details,
      Clock clock,
      Duration defaultTtl,
      Duration maxTtl,
      Duration retained) {
    this.store = store;
    this.details = details;
    this.clock = clock;
    this.defaultTtl = defaultTtl;
    this.maxTtl = maxTtl;
    this.retained = retained;
  }

  @Override
  public ReferenceContext save(SaveReferenceContextUseCase.Command command) {
    if (command.listType() == null) {
      throw new InvalidInputException("listType", "is required");
    }
    List<Item> given = command.items() == null ? List.of() : command.items();
    if (given.isEmpty() || given.size() > ReferenceContext.MAX_ITEMS) {
      throw new InvalidInputException(
          "items", "must hold 1 to " + ReferenceContext.MAX_ITEMS + " items");
    }
    Texts.requireOptional(
        "providerMessageId", command.providerMessageId(), ReferenceContext.MAX_PROVIDER_MESSAGE_ID);
    if (command.providerMessageId() != null && command.providerMessageId().isBlank()) {
      throw new InvalidInputException("providerMessageId", "must not be blank");
    }
    List<ReferenceItem> items = new ArrayList<>(given.size());
    Map<String, Integer> rows = new HashMap<>();
    for (Item item : given) {
      int index = items.size();
      Texts.requireWellFormed("items[" + index + "].id", item.id());
      Texts.requireWellFormed("items[" + index + "].title", item.title());
      Texts.requireWellFormed("items[" + index + "]", item.json());
      if (item.rowId() != null) {
        Texts.require("items[" + index + "].rowId", item.rowId(), ReferenceItem.MAX_ROW_ID);
      }
      Integer first = item.rowId() == null ? null : rows.putIfAbsent(item.rowId(), index);
      if (first != null) {
        throw new InvalidInputException(
            "items[" + index + "].rowId", "repeats the rowId of items[" + first + "]");
      }
      ItemDetails read = details.read(item.json());
      items.add(
          new ReferenceItem(
              index + 1,
              item.id(),
              item.title(),
              item.json(),
              read.words(),
              read.price(),
              item.rowId()));
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    NewReferenceContext context =
        new NewReferenceContext(
            UUID.randomUUID(),
            command.conversation(),
            command.listType(),
            items,
            now,
            now.plus(ttl(command.ttlSeconds())),
            command.providerMessageId());
    return store.save(command.tenant(), context);
  }

  @Override
  public ReferenceContext current(TenantId tenant, ConversationId conversation) {
    ReferenceContext active = active(tenant, conversation);
    if (active == null) {
      throw new NotFoundException("active reference context");
    }
    return active;
  }

  @Override
  public Resolution resolve(ResolveReferenceUseCase.Query query) {
    if (query.selectedRowId() == null) {
      Texts.require("text", query.text(), ResolveReferenceUseCase.MAX_TEXT);
    } else {
      Texts.require("selectedRowId", query.selectedRowId(), ReferenceItem.MAX_ROW_ID);
      Texts.requireOptional("text", query.text(), ResolveReferenceUseCase.MAX_TEXT);
    }
    String quoted = query.replyToProviderMessageId();
    if (quoted != null) {
      Texts.require("replyToProviderMessageId", quoted, ReferenceContext.MAX_PROVIDER_MESSAGE_ID);
    }
    ReferenceContext list =
        quoted == null
            ? active(query.tenant(), query.conversation())
            : retained(query.tenant(), query.conversation(), quoted);
    if (list == null) {
      return new Resolution.NoContext();
    }
    if (query.selectedRowId() != null) {
      return list.itemWithRowId(query.selectedRowId())
          .<Resolution>map(
              item -> new Resolution.Resolved(list.id(), item, Resolution.MatchedBy.SELECTION))
          .orElseGet(() -> new Resolution.NotAReference(list.id()));
    }
    return resolver.resolve(list, query.text());
  }

  /**
   * The list the quoted message showed, also superseded or expired, while it is retained; null when
   * none is held for it.
   */
  private ReferenceContext retained(
      TenantId tenant, ConversationId conversation, String providerMessageId) {
    QuotedContextLookup lookup = store.quoted(tenant, conversation, providerMessageId);
    if (lookup instanceof QuotedContextLookup.ConversationAbsent) {
      throw new NotFoundException("conversation");
    }
    if (!(lookup instanceof QuotedContextLookup.Shown shown)) {
      return null;
    }
    Instant now = clock.instant();
    Instant ended = shown.context().expiresAt();
    if (shown.supersededAt() != null && shown.supersededAt().isBefore(ended)) {
      ended = shown.supersededAt();
    }
    return now.isBefore(ended.plus(retained)) ? shown.context() : null;
  }

  /** The active context, null when there is none; absent conversations are not found. */
  private ReferenceContext active(TenantId tenant, ConversationId conversation) {
    ContextLookup lookup = store.lookup(tenant, conversation);
    if (lookup instanceof ContextLookup.Newest newest) {
      ReferenceContext context = newest.context();
      return context != null && context.isActiveAt(clock.instant()) ? context : null;
    }
    throw new NotFoundException("conversation");
  }

  private Duration ttl(Integer seconds) {
    if (seconds == null) {
      return defaultTtl;
    }
    if (seconds < 1 || seconds > maxTtl.toSeconds()) {
      throw new InvalidInputException("ttlSeconds", "must be from 1 to " + maxTtl.toSeconds());
    }
    return Duration.ofSeconds(seconds);
  }
}
