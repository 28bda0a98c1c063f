package io.parley.application.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminKeysTest {
  @TempDir Path directory;

  @Test
  void aGeneratedKeyIsPrintedOnceAndKeptReadableByTheOwnerOnly() throws Exception {
    Path file = directory.resolve("data").resolve("admin-key");

    String first = printed(() -> AdminKeys.resolve("", file));
    String key = Files.readString(file).trim();
    String second = printed(() -> AdminKeys.resolve("", file));

    assertThat(first).contains(key);
    assertThat(second).doesNotContain(key).contains("kept in");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.list(file.getParent())).containsExactly(file);
  }

  @Test
  void anExternalDatabaseWithoutTheKeyRefusesToStartNamingIt() {
    assertThatThrownBy(() -> AdminKeys.resolve("", null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("PARLEY_ADMIN_KEY");
    assertThat(AdminKeys.resolve("configured-key-0123456789", null))
        .isEqualTo("configured-key-0123456789");
  }

  private static String printed(Runnable action) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
