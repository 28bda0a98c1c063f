package io.parley.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/** A shop using Parley; every other record belongs to exactly one tenant. */
public record Tenant(TenantId id, String name, String slug, Instant createdAt) {
  private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

  public Tenant {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    requireValidName(name);
    requireValidSlug(slug);
  }

  public static void requireValidName(String name) {
    Texts.require("name", name, 200);
  }

  public static void requireValidSlug(String slug) {
    if (slug == null || !SLUG.matcher(slug).matches()) {
      throw new InvalidInputException(
          "slug", "must be 1 to 64 lowercase letters, digits or inner hyphens");
    }
  }
}
