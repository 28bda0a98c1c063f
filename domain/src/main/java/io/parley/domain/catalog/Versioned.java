package io.parley.domain.catalog;

/**
 * A value read from the catalog together with the tenant's catalog version it was read at; caches
 * file it under that version, so a write (which bumps the version) retires it at once.
 */
public record Versioned<T>(long version, T value) {}
