package io.parley.adapters.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.domain.model.Conversation;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ConversationStatus;
import io.parley.domain.model.ConversationWindow;
import io.parley.domain.model.Customer;
import io.parley.domain.model.CustomerId;
import io.parley.domain.model.Delivery;
import io.parley.domain.model.DeliveryStatus;
import io.parley.domain.model.Direction;
import io.parley.domain.model.Handoff;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageId;
import io.parley.domain.model.MessageType;
import io.parley.domain.model.TenantId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The window's JSON is written as it streams out; it must be the text the tree writer it replaced
 * produced (windows written by either are read by both during a rolling deploy) and read back to
 * the same window.
 */
class WindowJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant T = Instant.parse("2026-12-07T10:15:30.123456Z");
  private static final ConversationId CONVERSATION = new ConversationId(UUID.randomUUID());

  @Test
  void writesWhatTheTreeWriterWroteAndReadsItBack() {
    for (ConversationWindow window : List.of(everyField(), fewestFields())) {
      String written = WindowJson.write(window);
      assertThat(written).isEqualTo(treeWritten(window));
      assertThat(WindowJson.read(written)).isEqualTo(window);
    }
  }

  /**
   * The reader streams: it must not depend on the order the writer happens to use, and must pass
   * over what a later version may add (an object, an array, a null), at every level.
   */
  @Test
  void readsFieldsInAnyOrderAndSkipsUnknownOnes() throws Exception {
    for (ConversationWindow window : List.of(everyField(), fewestFields())) {
      JsonNode shuffled = reversedWithExtras(JSON.readTree(WindowJson.write(window)));
      assertThat(WindowJson.read(JSON.writeValueAsString(shuffled))).isEqualTo(window);
    }
  }

  private static JsonNode reversedWithExtras(JsonNode node) {
    if (node.isArray()) {
      ArrayNode copy = JSON.createArrayNode();
      node.forEach(element -> copy.add(reversedWithExtras(element)));
      return copy;
    }
    if (!node.isObject()) {
      return node;
    }
    ObjectNode copy = JSON.createObjectNode();
    copy.putObject("addedLater").put("nested", "x").putArray("list").add(1).addObject();
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    java.util.Collections.reverse(names);
    for (String name : names) {
      copy.set(name, reversedWithExtras(node.get(name)));
    }
    copy.putArray("alsoAddedLater").add("y").addArray().add(2);
    copy.putNull("nullAddedLater");
    return copy;
  }

  private static ConversationWindow everyField() {
    Conversation conversation =
        new Conversation(
            CONVERSATION,
            new TenantId(UUID.randomUUID()),
            "whatsapp",
            ConversationStatus.HANDOFF,
            new Customer(
                new CustomerId(UUID.randomUUID()), "whatsapp", "+254700000001", "Wanjiku", "sw"),
            3,
            "wants \"red\" shoes\nsize 42",
            List.of("size 42", "ya mwisho ✓"),
            T,
            T.plusSeconds(60),
            T.plusSeconds(30),
            new Handoff(
                T.plusSeconds(40),
                "agent-7",
                "asked",
                T.plusSeconds(3600),
                T.plusSeconds(50),
                ConversationStatus.BOT,
                30));
    return new ConversationWindow(
        conversation,
        List.of(
            message(1, "nataka viatu 👟 \"nyekundu\"", "{\"button\":\"1\"}", "wamid.1", null),
            message(
                2,
                "sawa",
                null,
                "wamid.2",
                new Delivery(DeliveryStatus.FAILED, T.plusSeconds(5), "131047", "Re-engage")),
            message(3, null, null, null, new Delivery(DeliveryStatus.READ, T, null, null))));
  }

  private static ConversationWindow fewestFields() {
    Conversation conversation =
        new Conversation(
            CONVERSATION,
            new TenantId(UUID.randomUUID()),
            "whatsapp",
            ConversationStatus.OPEN,
            new Customer(
                new CustomerId(UUID.randomUUID()), "whatsapp", "+254700000002", null, null),
            0,
            null,
            List.of(),
            T,
            T,
            null,
            new Handoff(T, null, null, null, null, ConversationStatus.OPEN, null));
    return new ConversationWindow(conversation, List.of());
  }

  private static Message message(
      long seq, String text, String payload, String providerId, Delivery delivery) {
    return new Message(
        new MessageId(UUID.randomUUID()),
        CONVERSATION,
        seq,
        seq % 2 == 1 ? Direction.IN : Direction.OUT,
        seq % 2 == 1 ? MessageType.CUSTOMER_INBOUND : MessageType.BOT_RESPONSE,
        text,
        payload,
        providerId,
        T.plusSeconds(seq),
        T.plusSeconds(seq - 1),
        delivery);
  }

  /** The writer before the streaming one, as it was: a tree of nodes, printed. */
  private static String treeWritten(ConversationWindow window) {
    Conversation c = window.conversation();
    ObjectNode node = JSON.createObjectNode();
    node.put("id", c.id().toString())
        .put("tenant", c.tenantId().toString())
        .put("channel", c.channel())
        .put("status", c.status().wireName())
        .put("messageCount", c.messageCount())
        .put("summary", c.summary())
        .put("createdAt", c.createdAt().toString())
        .put("updatedAt", c.updatedAt().toString())
        .put("lastInboundAt", c.lastInboundAt() == null ? null : c.lastInboundAt().toString());
    Handoff h = c.handoff();
    if (h != null) {
      node.putObject("handoff")
          .put("since", h.since().toString())
          .put("assignee", h.assignee())
          .put("reason", h.reason())
          .put("until", h.until() == null ? null : h.until().toString())
          .put("agentAt", h.agentAt().toString())
          .put("priorStatus", h.priorStatus().wireName())
          .put("idleMinutes", h.idleMinutes());
    }
    ArrayNode facts = node.putArray("keyFacts");
    c.keyFacts().forEach(facts::add);
    node.putObject("customer")
        .put("id", c.customer().id().toString())
        .put("channel", c.customer().channel())
        .put("address", c.customer().address())
        .put("name", c.customer().name())
        .put("language", c.customer().language());
    ArrayNode messages = node.putArray("messages");
    for (Message m : window.recentMessages()) {
      ObjectNode message =
          messages
              .addObject()
              .put("id", m.id().toString())
              .put("seq", m.seq())
              .put("direction", m.direction().wireName())
              .put("type", m.type().wireName())
              .put("text", m.text())
              .put("payload", m.payloadJson())
              .put("providerMessageId", m.providerMessageId())
              .put("createdAt", m.createdAt().toString())
              .put("sentAt", m.sentAt().toString());
      Delivery d = m.delivery();
      if (d != null) {
        message
            .putObject("delivery")
            .put("status", d.status().wireName())
            .put("at", d.at().toString())
            .put("errorCode", d.errorCode())
            .put("errorTitle", d.errorTitle());
      }
    }
    return node.toString();
  }
}
