package io.parley.adapters.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A conversation window as the shared cache keeps it: the conversation and its newest messages. */
public final class WindowJson {
  private static final ObjectMapper JSON = ExactNumbers.mapper();

  private WindowJson() {}

  /**
   * The window's JSON, written as it streams out (no tree of nodes first): it runs on every append,
   * for up to 51 messages. The same text as building an {@code ObjectNode} and printing it ({@code
   * WindowJsonTest} checks both).
   */
  public static String write(ConversationWindow window) {
    StringWriter text = new StringWriter(256 + 256 * window.recentMessages().size());
    try (JsonGenerator out = JSON.getFactory().createGenerator(text)) {
      Conversation c = window.conversation();
      out.writeStartObject();
      out.writeStringField("id", c.id().toString());
      out.writeStringField("tenant", c.tenantId().toString());
      out.writeStringField("channel", c.channel());
      out.writeStringField("status", c.status().wireName());
      out.writeNumberField("messageCount", c.messageCount());
      out.writeStringField("summary", c.summary());
      out.writeStringField("createdAt", IsoInstants.format(c.createdAt()));
      out.writeStringField("updatedAt", IsoInstants.format(c.updatedAt()));
      out.writeStringField("lastInboundAt", text(c.lastInboundAt()));
      Handoff h = c.handoff();
      if (h != null) {
        out.writeObjectFieldStart("handoff");
        out.writeStringField("since", IsoInstants.format(h.since()));
        out.writeStringField("assignee", h.assignee());
        out.writeStringField("reason", h.reason());
        out.writeStringField("until", text(h.until()));
        out.writeStringField("agentAt", IsoInstants.format(h.agentAt()));
        out.writeStringField("priorStatus", h.priorStatus().wireName());
        if (h.idleMinutes() == null) {
          out.writeNullField("idleMinutes");
        } else {
          out.writeNumberField("idleMinutes", h.idleMinutes());
        }
        out.writeEndObject();
      }
      out.writeArrayFieldStart("keyFacts");
      for (String fact : c.keyFacts()) {
        out.writeString(fact);
      }
      out.writeEndArray();
      out.writeObjectFieldStart("customer");
      out.writeStringField("id", c.customer().id().toString());
      out.writeStringField("channel", c.customer().channel());
      out.writeStringField("address", c.customer().address());
      out.writeStringField("name", c.customer().name());
      out.writeStringField("language", c.customer().language());
      out.writeEndObject();
      out.writeArrayFieldStart("messages");
      for (Message m : window.recentMessages()) {
        message(out, m);
      }
      out.writeEndArray();
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void message(JsonGenerator out, Message m) throws IOException {
    out.writeStartObject();
    out.writeStringField("id", m.id().toString());
    out.writeNumberField("seq", m.seq());
    out.writeStringField("direction", m.direction().wireName());
    out.writeStringField("type", m.type().wireName());
    out.writeStringField("text", m.text());
    out.writeStringField("payload", m.payloadJson());
    out.writeStringField("providerMessageId", m.providerMessageId());
    out.writeStringField("createdAt", IsoInstants.format(m.createdAt()));
    out.writeStringField("sentAt", IsoInstants.format(m.sentAt()));
    Delivery d = m.delivery();
    if (d != null) {
      out.writeObjectFieldStart("delivery");
      out.writeStringField("status", d.status().wireName());
      out.writeStringField("at", IsoInstants.format(d.at()));
      out.writeStringField("errorCode", d.errorCode());
      out.writeStringField("errorTitle", d.errorTitle());
      out.writeEndObject();
    }
    out.writeEndObject();
  }

  private static String text(Instant instant) {
    return instant == null ? null : IsoInstants.format(instant);
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
              IsoInstants.parse(node.path("createdAt").asText()),
              IsoInstants.parse(node.path("updatedAt").asText()),
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
                IsoInstants.parse(m.path("createdAt").asText()),
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
            IsoInstants.parse(node.path("since").asText()),
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
            IsoInstants.parse(node.path("at").asText()),
            textOrNull(node, "errorCode"),
            textOrNull(node, "errorTitle"));
  }

  private static Instant instantOrNull(JsonNode node, String field) {
    String text = textOrNull(node, field);
    return text == null ? null : IsoInstants.parse(text);
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
