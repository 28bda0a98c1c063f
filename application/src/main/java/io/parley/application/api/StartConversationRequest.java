package io.parley.application.api;

/** Body of {@code POST .../conversations}: get-or-create by customer and channel. */
public record StartConversationRequest(String channel, Customer customer) {
  /** The customer, found or created by (channel, address). */
  public record Customer(String address, String name, String language) {}
}
