package io.parley.domain.model;

import java.util.Objects;

/** A tenant's customer, unique per (channel, address). */
public record Customer(
    CustomerId id, String channel, String address, String name, String language) {
  public Customer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(address, "address");
  }
}
