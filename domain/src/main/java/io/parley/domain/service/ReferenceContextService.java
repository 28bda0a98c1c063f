package io.parley.domain.service;

import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.InvalidInputException;
import io.parley.domain.model.NotFoundException;
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
import java.util.List;
import java.util.UUID;

/**
 * Saves, reads and resolves reference contexts. Whether the newest context is still active is
 * decided here, against the clock, on every read: no cache tier can serve an expired one.
 */
public final class ReferenceContextService
    implements SaveReferenceContextUseCase, GetReferenceContextUseCase, ResolveReferenceUseCase {
  private static final int MAX_RESOLVE_TEXT = 2_000;

  private final ItemDetailsReader details;
  private final ReferenceContextStore store;
  private final ReferenceResolver resolver = new ReferenceResolver();
  private final Clock clock;
  private final Duration defaultTtl;
  private final Duration maxTtl;

  public ReferenceContextService(
      ReferenceContextStore store,
      ItemDetailsReader details,
      Clock clock,
      Duration defaultTtl,
      Duration maxTtl) {
    this.store = store;
    this.details = details;
    this.clock = clock;
    this.defaultTtl = defaultTtl;
    this.maxTtl = maxTtl;
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
    List<ReferenceItem> items = new ArrayList<>(given.size());
    for (Item item : given) {
      ItemDetails read = details.read(item.json());
      items.add(
          new ReferenceItem(
              items.size() + 1, item.id(), item.title(), item.json(), read.words(), read.price()));
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    NewReferenceContext context =
        new NewReferenceContext(
            UUID.randomUUID(),
            command.conversation(),
            command.listType(),
            items,
            now,
            now.plus(ttl(command.ttlSeconds())));
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
  public Resolution resolve(TenantId tenant, ConversationId conversation, String text) {
    Texts.require("text", text, MAX_RESOLVE_TEXT);
    ReferenceContext active = active(tenant, conversation);
    return active == null ? new Resolution.NoContext() : resolver.resolve(active, text);
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
