package io.parley.domain.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The SHA-256 of an API key, as 64 lowercase hex digits: what is stored and cached instead of the
 * key.
 */
public record KeyHash(String hex) {
  public KeyHash {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 64) {
      throw new IllegalArgumentException("a key hash has 64 hex digits");
    }
  }

  public static KeyHash of(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return new KeyHash(HexFormat.of().formatHex(digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Compares in time independent of where the two hashes differ. */
  public boolean matches(KeyHash other) {
    return MessageDigest.isEqual(
        hex.getBytes(StandardCharsets.US_ASCII), other.hex.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "KeyHash[" + hex.substring(0, 8) + "...]";
  }
}
