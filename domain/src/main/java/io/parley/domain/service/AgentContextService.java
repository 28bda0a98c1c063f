package io.parley.domain.service;

import io.parley.domain.catalog.Product;
import io.parley.domain.catalog.ShopService;
import io.parley.domain.catalog.Suggestions;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.Direction;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageFilter;
import io.parley.domain.model.NotFoundException;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.ServiceWindow;
import io.parley.domain.port.in.BuildAgentContextUseCase;
import io.parley.domain.port.in.GetReferenceContextUseCase;
import io.parley.domain.port.in.SuggestCatalogUseCase;
import io.parley.domain.port.out.ConversationHistory;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles the agent context from the pieces the other use cases serve: one statement for the
 * conversation and its recent window (never the whole history), the reference context and the
 * catalog suggestions from their caches. Tokens are estimated as characters / 4 over the text
 * returned; over budget, the oldest messages go first, then catalog items.
 */
public final class AgentContextService implements BuildAgentContextUseCase {
  private final ConversationHistory history;
  private final GetReferenceContextUseCase references;
  private final SuggestCatalogUseCase catalog;
  private final Clock clock;

  public AgentContextService(
      ConversationHistory history,
      GetReferenceContextUseCase references,
      SuggestCatalogUseCase catalog,
      Clock clock) {
    this.history = history;
    this.references = references;
    this.catalog = catalog;
    this.clock = clock;
  }

  @Override
  public AgentContext build(Query query) {
    ConversationWindow window =
        history
            .recentWindow(
                query.tenant(), query.conversation(), MessageFilter.DEFAULT, query.historyLimit())
            .orElseThrow(() -> new NotFoundException("conversation"));
    if (query.minSeq() > 0 && newestSeq(window) < query.minSeq()) {
      window =
          history
              .primary()
              .recentWindow(
                  query.tenant(), query.conversation(), MessageFilter.DEFAULT, query.historyLimit())
              .orElseThrow(() -> new NotFoundException("conversation"));
    }
    ReferenceContext context = activeContext(query);
    String catalogQuery = latestInboundText(window.recentMessages());
    Suggestions suggestions =
        query.catalogLimit() == 0
            ? new Suggestions(List.of(), List.of(), Suggestions.Priority.LOW, 0, 0)
            : catalog.suggest(query.tenant(), catalogQuery, query.catalogLimit());
    AgentContext fitted = fit(window, context, catalogQuery, suggestions, query.maxTokens());
    // From the conversation the window already holds: no statement of their own.
    Instant now = clock.instant();
    ServiceWindow serviceWindow = ServiceWindow.at(window.conversation().lastInboundAt(), now);
    return new AgentContext(
        fitted.conversation().asOf(now),
        fitted.recentMessages(),
        fitted.referenceContext(),
        fitted.catalogQuery(),
        fitted.catalog(),
        fitted.estimatedTokens(),
        fitted.truncated(),
        serviceWindow,
        window.conversation().botShouldReplyAt(now));
  }

  private ReferenceContext activeContext(Query query) {
    try {
      return references.current(query.tenant(), query.conversation());
    } catch (NotFoundException none) {
      return null;
    }
  }

  private static String latestInboundText(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message message = messages.get(i);
      if (message.direction() == Direction.IN
          && message.text() != null
          && !message.text().isBlank()) {
        String text = message.text();
        // At most 200 UTF-16 units, cut between characters: a pair split at the cut would leave
        // an unpaired surrogate, which the catalog query refuses (the read answered 422).
        if (text.length() <= 200) {
          return text;
        }
        int end = Character.isHighSurrogate(text.charAt(199)) ? 199 : 200;
        return text.substring(0, end);
      }
    }
    return null;
  }

  /** Drops the oldest messages, then catalog items, until the estimate fits the budget. */
  private static AgentContext fit(
      ConversationWindow window,
      ReferenceContext context,
      String catalogQuery,
      Suggestions suggestions,
      int maxTokens) {
    List<Message> messages = new ArrayList<>(window.recentMessages());
    List<Product> products = new ArrayList<>(suggestions.products());
    List<ShopService> services = new ArrayList<>(suggestions.services());
    int fixed =
        chars(window.conversation().summary())
            + window.conversation().keyFacts().stream().mapToInt(String::length).sum()
            + contextChars(context)
            + chars(catalogQuery);
    boolean truncated = false;
    while (tokens(fixed, messages, products, services) > maxTokens) {
      truncated = true;
      if (!messages.isEmpty()) {
        messages.remove(0);
      } else if (!services.isEmpty()) {
        services.remove(services.size() - 1);
      } else if (!products.isEmpty()) {
        products.remove(products.size() - 1);
      } else {
        break;
      }
    }
    Suggestions kept =
        new Suggestions(
            products,
            services,
            suggestions.priority(),
            suggestions.totalProducts(),
            suggestions.totalServices());
    return new AgentContext(
        window.conversation(),
        messages,
        context,
        catalogQuery,
        kept,
        tokens(fixed, messages, products, services),
        truncated,
        null,
        false);
  }

  private static int tokens(
      int fixed, List<Message> messages, List<Product> products, List<ShopService> services) {
    int chars = fixed;
    for (Message m : messages) {
      chars += chars(m.text()) + chars(m.payloadJson());
    }
    for (Product p : products) {
      chars +=
          chars(p.title())
              + chars(p.description())
              + p.price().toPlainString().length()
              + p.attributesJson().length();
    }
    for (ShopService s : services) {
      chars += chars(s.title()) + chars(s.description()) + s.basePrice().toPlainString().length();
    }
    return (chars + 3) / 4;
  }

  private static int contextChars(ReferenceContext context) {
    if (context == null) {
      return 0;
    }
    int chars = 0;
    for (ReferenceItem item : context.items()) {
      chars += item.json().length();
    }
    return chars;
  }

  private static int chars(String text) {
    return text == null ? 0 : text.length();
  }

  private static long newestSeq(ConversationWindow window) {
    List<io.parley.domain.model.Message> recent = window.recentMessages();
    return recent.isEmpty() ? 0 : recent.get(recent.size() - 1).seq();
  }
}
