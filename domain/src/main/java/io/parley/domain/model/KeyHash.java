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

  /** One digest per thread: {@code MessageDigest.getInstance} looks the provider up each time. */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("every JDK has SHA-256", e);
            }
          });

  public static KeyHash of(String key) {
    byte[] digest = SHA_256.get().digest(key.getBytes(StandardCharsets.UTF_8));
    return new KeyHash(HexFormat.of().formatHex(digest));
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
