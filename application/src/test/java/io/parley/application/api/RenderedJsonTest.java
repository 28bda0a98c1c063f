package io.parley.application.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.RawValue;
import io.dropwizard.jackson.Jackson;
import io.parley.application.infra.JsonSettings;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.Direction;
import io.parley.domain.model.Message;
import io.parley.domain.model.MessageId;
import io.parley.domain.model.MessageType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RenderedJsonTest {
  private static final ObjectMapper JSON = JsonSettings.apply(Jackson.newObjectMapper());

  private static Message message(String text) {
    return new Message(
        new MessageId(UUID.randomUUID()),
        new ConversationId(UUID.randomUUID()),
        7,
        Direction.IN,
        MessageType.CUSTOMER_INBOUND,
        text,
        "{\"k\":[1,2]}",
        "wamid.1",
        Instant.parse("2026-11-30T10:11:12.013Z"));
  }

  @Test
  void keepsNoMoreThanItsBytesWhileTheObjectsItRenderedLive() {
    long bound = 64 << 10;
    List<Message> alive = new java.util.ArrayList<>();
    try {
      RenderedJson.bound(bound);
      for (int i = 0; i < 1_000; i++) {
        Message message = message("nataka ya pili " + i);
        alive.add(message);
        RenderedJson.of(message, MessageResponse::from);
      }

      long held = RenderedJson.heldBytes();
      RawValue one = RenderedJson.of(alive.get(0), MessageResponse::from);
      assertThat(held).isPositive().isLessThanOrEqualTo(bound);
      assertThat(held / RenderedJson.weight(one)).isLessThan(alive.size());
    } finally {
      RenderedJson.bound(24L << 20);
    }
  }

  @Test
  void writesWhatTheResponseRecordWouldAndRendersEachObjectOnce() throws Exception {
    Message message = message("nataka ya pili \"tafadhali\" ✓");
    AtomicInteger rendered = new AtomicInteger();

    RawValue first =
        RenderedJson.of(
            message,
            m -> {
              rendered.incrementAndGet();
              return MessageResponse.from(m);
            });
    RawValue again = RenderedJson.of(message, MessageResponse::from);
    String page =
        JSON.writeValueAsString(
            RenderedJson.each(List.of(message, message), MessageResponse::from));

    assertThat(again).isSameAs(first);
    assertThat(rendered).hasValue(1);
    assertThat(JSON.readTree(JSON.writeValueAsString(first)))
        .isEqualTo(JSON.readTree(JSON.writeValueAsString(MessageResponse.from(message))));
    assertThat(JSON.readTree(page).size()).isEqualTo(2);
    assertThat(JSON.readTree(page).get(1).path("text").asText())
        .isEqualTo("nataka ya pili \"tafadhali\" ✓");
  }

  @Test
  void anEqualButDistinctObjectIsRenderedForItself() {
    Message one = message("a");
    Message copy =
        new Message(
            one.id(),
            one.conversationId(),
            one.seq(),
            one.direction(),
            one.type(),
            one.text(),
            one.payloadJson(),
            one.providerMessageId(),
            one.createdAt());

    assertThat(copy).isEqualTo(one);
    assertThat(RenderedJson.of(copy, MessageResponse::from))
        .isNotSameAs(RenderedJson.of(one, MessageResponse::from));
  }
}
