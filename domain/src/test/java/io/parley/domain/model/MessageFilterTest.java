package io.parley.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageFilterTest {
  @Test
  void theDefaultLeavesOutSystemMessagesOnly() {
    assertThat(MessageFilter.DEFAULT.kinds()).hasSize(14);
    assertThat(MessageFilter.DEFAULT.matches(MessageType.SYSTEM, Direction.OUT)).isFalse();
    assertThat(MessageFilter.DEFAULT.matches(MessageType.BOT_RESPONSE, Direction.OUT)).isTrue();
  }

  @Test
  void askingForTypeSystemIncludesIt() {
    MessageFilter system = new MessageFilter(MessageType.SYSTEM, null, false);

    assertThat(system.matches(MessageType.SYSTEM, Direction.IN)).isTrue();
    assertThat(system.kinds())
        .extracting(MessageFilter.MessageKind::key)
        .containsExactlyInAnyOrder("in.system", "out.system");
  }

  @Test
  void typeAndDirectionCombine() {
    MessageFilter inbound = new MessageFilter(MessageType.CUSTOMER_INBOUND, Direction.IN, false);

    assertThat(inbound.kinds())
        .extracting(MessageFilter.MessageKind::key)
        .containsExactly("in.customer_inbound");
  }

  @Test
  void wireNamesParseAndRefuseUnknownValuesByField() {
    assertThat(MessageType.parse("type", "bot_response")).isEqualTo(MessageType.BOT_RESPONSE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Direction.parse("direction", "IN"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("direction must be one of in, out");
  }
}
