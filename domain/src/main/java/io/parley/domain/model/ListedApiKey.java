package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;

/** A live key as its tenant lists it; {@code lastUsedAt} is null until first use is recorded. */
public record ListedApiKey(ApiKey key, Instant lastUsedAt) {
  public ListedApiKey {
    Objects.requireNonNull(key, "key");
  }
}
