package io.parley.application.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated admin key is kept in the data directory, so a restart keeps it. */
class AdminKeysTest {
  @TempDir Path data;

  @Test
  void aGeneratedKeyIsKeptAcrossRestartsAndReadableByItsOwnerOnly() throws Exception {
    Path keptIn = data.resolve("embedded").resolve("admin-key");

    String first = AdminKeys.resolve("", keptIn);
    String afterRestart = AdminKeys.resolve("", keptIn);

    assertThat(first).startsWith("prl_admin_").hasSizeGreaterThan(40);
    assertThat(afterRestart).isEqualTo(first);
    assertThat(Files.readString(keptIn).trim()).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keptIn)))
        .isEqualTo("rw-------");
  }

  @Test
  void aConfiguredKeyWinsAndIsNotWritten() {
    Path keptIn = data.resolve("admin-key");

    assertThat(AdminKeys.resolve("configured-admin-key-0123", keptIn))
        .isEqualTo("configured-admin-key-0123");
    assertThat(keptIn).doesNotExist();
  }

  @Test
  void withoutADataDirectoryEachStartGeneratesAKeyOfItsOwn() {
    assertThat(AdminKeys.resolve("", null)).isNotEqualTo(AdminKeys.resolve("", null));
  }
}
