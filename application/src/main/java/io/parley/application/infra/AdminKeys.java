package io.parley.application.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Resolves the admin key: the configured one ({@code PARLEY_ADMIN_KEY}), else, for the embedded
 * development setup only, one kept in its data directory. A generated key is printed once on the
 * console (never logged), the first time; its file is created readable by the owner alone before
 * the key is written, and appears whole or not at all. On an external database there is no
 * fallback: every instance must share one key (and so one cursor secret).
 */
public final class AdminKeys {
  private AdminKeys() {}

  /**
   * @param keptIn the embedded data directory's key file; null when the database is external
   * @throws IllegalStateException naming PARLEY_ADMIN_KEY when none is configured for an external
   *     database
   */
  public static String resolve(String configured, Path keptIn) {
    if (!configured.isEmpty()) {
      return configured;
    }
    if (keptIn == null) {
      throw new IllegalStateException(
          "PARLEY_ADMIN_KEY is not set: on an external database every instance must share one"
              + " admin key (it also signs paging cursors). Set PARLEY_ADMIN_KEY (at least 16"
              + " characters, e.g. openssl rand -base64 32) and start again.");
    }
    return readOrCreate(keptIn);
  }

  private static String readOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        System.out.println("Admin key: the one kept in " + file);
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      Path directory = file.toAbsolutePath().getParent();
      Files.createDirectories(directory);
      String key = generate();
      Path written =
          Files.createTempFile(
              directory,
              ".admin-key",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(written, key + "\n", StandardCharsets.US_ASCII);
        // A hard link appears whole and never replaces: if another process created the key
        // meanwhile, its key is the one.
        Files.createLink(file, written);
      } catch (FileAlreadyExistsException raced) {
        Files.deleteIfExists(written);
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      } finally {
        Files.deleteIfExists(written);
      }
      System.out.println("Admin key (shown this once; kept in " + file + "): " + key);
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
