package io.parley.application.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Resolves the admin key: the configured one, else one kept in the embedded data directory, else a
 * new random one. A generated key is printed once on the console (never logged).
 */
public final class AdminKeys {
  private AdminKeys() {}

  public static String resolve(String configured, Path keptIn) {
    if (!configured.isEmpty()) {
      System.out.println("Admin key: from PARLEY_ADMIN_KEY / config.yml");
      return configured;
    }
    String key = keptIn == null ? generate() : readOrCreate(keptIn);
    System.out.println("Admin key: " + key + (keptIn == null ? "" : " (kept in " + keptIn + ")"));
    return key;
  }

  private static String readOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      String key = generate();
      Files.writeString(file, key + "\n", StandardCharsets.US_ASCII);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep the admin key in " + file, e);
    }
  }

  private static String generate() {
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    return "prl_admin_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
