package io.parley.adapters.catalog;

/**
 * A catalog value with the tenant's catalog version it was read or written at; the cache tiers file
 * values under that version, so a write (which bumps it) retires every older entry at once.
 */
public record Versioned<T>(long version, T value) {}
