package io.parley.domain.catalog;

import io.parley.domain.model.ServiceId;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A service a tenant sells (braiding, a repair), booked in a slot when {@code requiresSlot}. */
public record ShopService(
    ServiceId id,
    String externalSource,
    String externalId,
    String title,
    String description,
    BigDecimal basePrice,
    String currency,
    boolean requiresSlot,
    boolean active,
    String attributesJson,
    List<Variant> variants,
    Instant createdAt,
    Instant updatedAt) {
  public ShopService {
    variants = List.copyOf(variants);
  }

  /** A variant of the service: how long it takes and what it costs. */
  public record Variant(String title, int durationMinutes, BigDecimal price) {}
}
