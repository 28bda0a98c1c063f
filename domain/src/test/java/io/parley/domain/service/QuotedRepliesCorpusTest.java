package io.parley.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.parley.domain.contract.Stores;
import io.parley.domain.fakes.InMemoryConversations;
import io.parley.domain.fakes.InMemoryReferenceContexts;
import io.parley.domain.fakes.InMemoryTenants;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ListType;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.model.Resolution;
import io.parley.domain.model.TenantId;
import io.parley.domain.port.in.ResolveReferenceUseCase;
import io.parley.domain.port.in.SaveReferenceContextUseCase;
import io.parley.domain.port.in.SaveReferenceContextUseCase.Item;
import io.parley.domain.port.out.ItemDetailsReader.ItemDetails;
import io.parley.domain.resolver.ReferenceResolverCorpusTest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Quoted replies and list taps over the whole resolve use case, with the in-memory store: every
 * line of {@code quoted-replies.tsv} is a reply at a minute of one fixed conversation's timeline
 * (the lists it showed, by which messages, with which row ids: see the file's head), and must come
 * out with its outcome, positions, match kind, and the list used.
 */
class QuotedRepliesCorpusTest {
  private static final Instant START = Instant.parse("2026-12-01T08:00:00Z");
  private static final Duration GRACE = Duration.ofDays(1);

  /** The main conversation's lists: minute shown, list, message, row id prefix, TTL minutes. */
  private static final List<Object[]> SHOWN =
      List.of(
          new Object[] {0, "shoes", "wamid.S1", "shoe-", 5},
          new Object[] {2, "phones", "wamid.P1", "phone-", 5},
          new Object[] {4, "clothes", null, null, 5},
          new Object[] {6, "bags", "wamid.B1", "bag-", 60},
          new Object[] {8, "single", "wamid.I1", "item-", 5},
          new Object[] {10, "two", "wamid.K1", "kikoi-", 60});

  private Instant now = START;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  /** A reply and what must come out; "-" for none. */
  record Line(
      String conversation,
      long minute,
      String replyTo,
      String rowId,
      String text,
      String expected,
      String list) {}

  @Test
  void resolvesEveryQuotedAndTappedReply() throws IOException {
    InMemoryTenants tenants = new InMemoryTenants();
    InMemoryConversations conversations = new InMemoryConversations(tenants);
    Stores stores = new Stores(tenants, tenants, conversations, conversations, conversations);
    Map<String, ItemDetails> details = new HashMap<>();
    ReferenceContextService service =
        new ReferenceContextService(
            new InMemoryReferenceContexts(conversations),
            json -> details.get(json),
            clock,
            Duration.ofMinutes(5),
            Duration.ofDays(1),
            GRACE);
    TenantId tenant = stores.newTenant();
    ConversationId main = stores.newConversation(tenant, "+254700000001");
    ConversationId empty = stores.newConversation(tenant, "+254700000002");
    Map<UUID, String> listNames = new HashMap<>();
    for (Object[] shown : SHOWN) {
      now = START.plus(Duration.ofMinutes((Integer) shown[0]));
      ReferenceContext saved = show(service, details, tenant, main, shown);
      listNames.put(saved.id(), (String) shown[1]);
    }

    List<Line> lines = lines();
    List<String> failures = new ArrayList<>();
    for (Line line : lines) {
      now = START.plus(Duration.ofMinutes(line.minute()));
      Resolution resolution =
          service.resolve(
              new ResolveReferenceUseCase.Query(
                  tenant,
                  line.conversation().equals("empty") ? empty : main,
                  orNull(line.text()),
                  orNull(line.replyTo()),
                  orNull(line.rowId())));
      String actual =
          ReferenceResolverCorpusTest.describe(resolution)
              + " @ "
              + listNames.getOrDefault(contextId(resolution), "-");
      String expected = line.expected() + " @ " + line.list();
      if (!actual.equals(expected)) {
        failures.add(line + ": expected " + expected + ", got " + actual);
      }
    }
    assertThat(failures).isEmpty();
    assertThat(lines).hasSizeGreaterThanOrEqualTo(100);
  }

  private static ReferenceContext show(
      ReferenceContextService service,
      Map<String, ItemDetails> details,
      TenantId tenant,
      ConversationId conversation,
      Object[] shown) {
    String rowPrefix = (String) shown[3];
    List<Item> items = new ArrayList<>();
    for (ReferenceItem shape : ReferenceResolverCorpusTest.list((String) shown[1]).items()) {
      int position = items.size() + 1;
      String rowId = rowPrefix == null ? null : rowPrefix + position;
      String id = shown[1] + "-" + position;
      String json = "{\"id\":\"" + id + "\",\"title\":\"" + shape.title() + "\"}";
      details.put(json, new ItemDetails(shape.details(), shape.price()));
      items.add(new Item(id, shape.title(), json, rowId));
    }
    return service.save(
        new SaveReferenceContextUseCase.Command(
            tenant,
            conversation,
            ListType.PRODUCTS,
            items,
            (Integer) shown[4] * 60,
            (String) shown[2]));
  }

  private static UUID contextId(Resolution resolution) {
    if (resolution instanceof Resolution.Resolved r) {
      return r.contextId();
    }
    if (resolution instanceof Resolution.Ambiguous a) {
      return a.contextId();
    }
    if (resolution instanceof Resolution.OutOfRange o) {
      return o.contextId();
    }
    return resolution instanceof Resolution.NotAReference n ? n.contextId() : null;
  }

  private static String orNull(String field) {
    return field.equals("-") ? null : field;
  }

  static List<Line> lines() throws IOException {
    List<Line> lines = new ArrayList<>();
    try (InputStream in = QuotedRepliesCorpusTest.class.getResourceAsStream("/quoted-replies.tsv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.contains("\t")) {
          String[] f = line.split("\t", -1);
          String expected =
              f[5] + " " + f[6] + " " + f[7] + " " + (f.length > 9 && !f[9].isBlank() ? f[9] : "-");
          lines.add(new Line(f[0], Long.parseLong(f[1]), f[2], f[3], f[4], expected, f[8]));
        }
      }
    }
    return lines;
  }
}
