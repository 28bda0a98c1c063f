package io.parley.domain.model;

import java.util.Optional;

/**
 * The one rule for a customer's address on a channel, the same where a customer is created and
 * where one is looked up: present, at most {@link #MAX_LENGTH} characters, no control characters
 * nor unpaired surrogates (so every stored address can be found again, and none can forge a log
 * line).
 */
public final class Addresses {
  public static final int MAX_LENGTH = 100;

  private Addresses() {}

  /** What is wrong with the address, if anything. */
  public static Optional<String> problem(String address) {
    if (address == null || address.isBlank()) {
      return Optional.of("is required");
    }
    if (address.length() > MAX_LENGTH || address.chars().anyMatch(Character::isISOControl)) {
      return Optional.of(
          "is not an address: at most " + MAX_LENGTH + " characters, no control characters");
    }
    if (!Texts.wellFormed(address)) {
      return Optional.of("must be valid Unicode text (it holds an unpaired UTF-16 surrogate)");
    }
    return Optional.empty();
  }

  /** Refuses an address that breaks the rule, naming {@code field}. */
  public static void require(String field, String address) {
    problem(address)
        .ifPresent(
            problem -> {
              throw new InvalidInputException(field, problem);
            });
  }
}
