package io.parley.domain.port.out;

import io.parley.domain.model.ApiKeyId;
import io.parley.domain.model.TenantId;
import java.time.Instant;

/**
 * Notes that a key authenticated a request. Called on the request path, so it must not wait on a
 * store: implementations write later, at most once a minute per key.
 */
public interface ApiKeyUsage {
  /** Records nothing: for stores without a last-used time. */
  ApiKeyUsage NONE = (tenant, key, at) -> {};

  void used(TenantId tenant, ApiKeyId key, Instant at);
}
