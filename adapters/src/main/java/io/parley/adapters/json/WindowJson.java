package io.parley.adapters.json;

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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A conversation window as the shared cache keeps it: the conversation and its newest messages. */
public final class WindowJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WindowJson() {}

  public static String write(ConversationWindow window) {
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

  public static ConversationWindow read(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      JsonNode u = node.path("customer");
      ConversationId id = new ConversationId(UUID.fromString(node.path("id").asText()));
      List<String> facts = new ArrayList<>();
      node.path("keyFacts").forEach(f -> facts.add(f.asText()));
      Conversation conversation =
          new Conversation(
              id,
              new TenantId(UUID.fromString(node.path("tenant").asText())),
              node.path("channel").asText(),
              ConversationStatus.parse("status", node.path("status").asText()),
              new Customer(
                  new CustomerId(UUID.fromString(u.path("id").asText())),
                  u.path("channel").asText(),
                  u.path("address").asText(),
                  textOrNull(u, "name"),
                  textOrNull(u, "language")),
              node.path("messageCount").asLong(),
              textOrNull(node, "summary"),
              facts,
              Instant.parse(node.path("createdAt").asText()),
              Instant.parse(node.path("updatedAt").asText()),
              instantOrNull(node, "lastInboundAt"),
              handoff(node.get("handoff")));
      List<Message> messages = new ArrayList<>();
      for (JsonNode m : node.path("messages")) {
        messages.add(
            new Message(
                new MessageId(UUID.fromString(m.path("id").asText())),
                id,
                m.path("seq").asLong(),
                Direction.parse("direction", m.path("direction").asText()),
                MessageType.parse("type", m.path("type").asText()),
                textOrNull(m, "text"),
                textOrNull(m, "payload"),
                textOrNull(m, "providerMessageId"),
                Instant.parse(m.path("createdAt").asText()),
                instantOrNull(m, "sentAt"),
                delivery(m.get("delivery"))));
      }
      return new ConversationWindow(conversation, messages);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Handoff handoff(JsonNode node) {
    return node == null || node.isNull()
        ? null
        : new Handoff(
            Instant.parse(node.path("since").asText()),
            textOrNull(node, "assignee"),
            textOrNull(node, "reason"),
            instantOrNull(node, "until"),
            instantOrNull(node, "agentAt"),
            ConversationStatus.parse("priorStatus", node.path("priorStatus").asText()),
            node.hasNonNull("idleMinutes") ? node.get("idleMinutes").asInt() : null);
  }

  private static Delivery delivery(JsonNode node) {
    return node == null || node.isNull()
        ? null
        : new Delivery(
            DeliveryStatus.parse("status", node.path("status").asText()),
            Instant.parse(node.path("at").asText()),
            textOrNull(node, "errorCode"),
            textOrNull(node, "errorTitle"));
  }

  private static Instant instantOrNull(JsonNode node, String field) {
    String text = textOrNull(node, field);
    return text == null ? null : Instant.parse(text);
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
