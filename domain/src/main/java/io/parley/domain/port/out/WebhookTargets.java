package io.parley.domain.port.out;

import java.net.URI;

/**
 * Which URLs a webhook may point at (https, or http to the allowed hosts; never a loopback or
 * private address unless the operator allows them). Resolves the host: an adapter.
 */
public interface WebhookTargets {
  /**
   * Throws {@link io.parley.domain.model.InvalidInputException} naming {@code url} when the URL may
   * not be used.
   */
  void check(URI url);
}
