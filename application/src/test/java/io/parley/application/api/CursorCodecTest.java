package io.parley.application.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CursorCodecTest {
  private final CursorCodec codec = new CursorCodec("secret");

  @Test
  void decodesWhatItEncodedForTheSameList() {
    String cursor = codec.encode("messages|a", List.of("42"));

    assertThat(codec.decode("before", cursor, "messages|a", 1)).containsExactly("42");
  }

  @Test
  void refusesACursorOfAnotherListOrSecret() {
    String cursor = codec.encode("messages|a", List.of("42"));

    assertRefused(() -> codec.decode("before", cursor, "messages|b", 1), "before");
    assertRefused(() -> new CursorCodec("other").decode("after", cursor, "messages|a", 1), "after");
  }

  @Test
  void refusesAlteredOrMalformedCursors() {
    String cursor = codec.encode("messages|a", List.of("42"));
    String otherSeq = codec.encode("messages|a", List.of("43"));
    String spliced =
        otherSeq.substring(0, otherSeq.indexOf('.')) + cursor.substring(cursor.indexOf('.'));

    assertRefused(() -> codec.decode("before", spliced, "messages|a", 1), "before");
    assertRefused(() -> codec.decode("before", "%%%.!!!", "messages|a", 1), "before");
    assertRefused(() -> codec.decode("before", "nodot", "messages|a", 1), "before");
    assertRefused(() -> codec.decode("before", cursor, "messages|a", 2), "before");
  }

  private static void assertRefused(Runnable decode, String parameter) {
    assertThatThrownBy(decode::run)
        .isInstanceOfSatisfying(
            WebApplicationException.class,
            e -> assertThat(e.getResponse().getStatus()).isEqualTo(400))
        .hasMessageContaining(parameter + " is not a valid cursor");
  }
}
