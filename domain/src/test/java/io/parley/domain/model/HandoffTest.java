package io.parley.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The handoff rules at their boundaries, on given instants (the reads' clock). */
class HandoffTest {
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");

  private static Conversation conversation(ConversationStatus status) {
    return new Conversation(
        new ConversationId(UUID.randomUUID()),
        new TenantId(UUID.randomUUID()),
        "whatsapp",
        status,
        new Customer(new CustomerId(UUID.randomUUID()), "whatsapp", "+1", null, null),
        0,
        null,
        List.of(),
        T,
        T);
  }

  /**
   * A closed or dormant conversation is not handed off (422): its stored status would read handoff,
   * so get-or-create would give the customer this conversation again and retention would pass it
   * by, also after the handoff ended by itself (a review showed both).
   */
  @Test
  void aHandoffDoesNotStartOnAClosedOrDormantConversation() {
    for (ConversationStatus over : List.of(ConversationStatus.CLOSED, ConversationStatus.DORMANT)) {
      Conversation ended = conversation(over);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  ended.changed(
                      null, new Conversation.HandoffChange(true, "wanjiru", null, null), T, null))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("cannot start on a " + over.name().toLowerCase());
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> ended.changed(ConversationStatus.HANDOFF, null, T, null))
          .isInstanceOf(InvalidInputException.class);
    }
    assertThat(
            conversation(ConversationStatus.CLOSED)
                .changed(ConversationStatus.OPEN, null, T, null)
                .status())
        .as("reopening stays allowed")
        .isEqualTo(ConversationStatus.OPEN);
  }

  @Test
  void aHandoffEndsAtItsUntilAndGivesBackTheStatusItBeganFrom() {
    Conversation held =
        conversation(ConversationStatus.BOT)
            .changed(
                null,
                new Conversation.HandoffChange(true, "wanjiru", null, T.plusSeconds(60)),
                T,
                null);
    assertThat(held.status()).isEqualTo(ConversationStatus.HANDOFF);
    assertThat(held.asOf(T.plusSeconds(60).minusMillis(1)).status())
        .isEqualTo(ConversationStatus.HANDOFF);
    assertThat(held.botShouldReplyAt(T.plusSeconds(60).minusMillis(1))).isFalse();
    Conversation after = held.asOf(T.plusSeconds(60));
    assertThat(after.status()).isEqualTo(ConversationStatus.BOT);
    assertThat(after.handoff()).isNull();
    assertThat(held.botShouldReplyAt(T.plusSeconds(60))).isTrue();
  }

  @Test
  void anAgentMessageStartsOneThatEndsAfterTheIdleMinutesAndAnotherMovesItsClock() {
    Conversation open = conversation(ConversationStatus.OPEN);
    Conversation held = open.withAgentMessage(T, T, 30);
    assertThat(held.handoff().reason()).isEqualTo(Handoff.AGENT_MESSAGE);
    assertThat(held.asOf(T.plus(Duration.ofMinutes(30)).minusMillis(1)).status())
        .isEqualTo(ConversationStatus.HANDOFF);
    assertThat(held.asOf(T.plus(Duration.ofMinutes(30))).status())
        .isEqualTo(ConversationStatus.OPEN);
    Conversation again = held.withAgentMessage(T.plusSeconds(600), T.plusSeconds(600), 30);
    assertThat(again.asOf(T.plus(Duration.ofMinutes(39))).status())
        .isEqualTo(ConversationStatus.HANDOFF);
    assertThat(again.asOf(T.plus(Duration.ofMinutes(40))).status())
        .isEqualTo(ConversationStatus.OPEN);
  }

  @Test
  void anOldAgentMessageOrAClosedConversationStartsNoHandoff() {
    Instant now = T.plus(Duration.ofDays(2));
    assertThat(conversation(ConversationStatus.OPEN).withAgentMessage(T, now, null).handoff())
        .isNull();
    assertThat(
            conversation(ConversationStatus.OPEN)
                .withAgentMessage(now.minus(Duration.ofHours(24)), now, null)
                .handoff())
        .as("exactly 24 h ago is within the last 24 h")
        .isNotNull();
    assertThat(conversation(ConversationStatus.CLOSED).withAgentMessage(now, now, null).handoff())
        .isNull();
  }

  @Test
  void anotherStatusEndsAnActiveHandoffAndStatusHandoffStartsOne() {
    Conversation held =
        conversation(ConversationStatus.OPEN).changed(ConversationStatus.HANDOFF, null, T, null);
    assertThat(held.handoff()).isNotNull();
    assertThat(held.handoff().assignee()).isNull();
    Conversation closed = held.changed(ConversationStatus.CLOSED, null, T, null);
    assertThat(closed.status()).isEqualTo(ConversationStatus.CLOSED);
    assertThat(closed.handoff()).isNull();
    assertThat(closed.botShouldReplyAt(T)).isFalse();
  }
}
