package io.parley.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressesTest {
  @Test
  void oneRuleForEveryAddress() {
    assertThat(Addresses.problem("+254700000001")).isEmpty();
    assertThat(Addresses.problem("  ")).contains("is required");
    assertThat(Addresses.problem("+2547\n00"))
        .hasValueSatisfying(p -> assertThat(p).contains("control"));
    assertThat(Addresses.problem("+2547\u0000")).isPresent();
    assertThat(Addresses.problem("1".repeat(101))).isPresent();
    assertThatThrownBy(() -> Addresses.require("customer.address", "a\tb"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("customer.address");
  }
}
