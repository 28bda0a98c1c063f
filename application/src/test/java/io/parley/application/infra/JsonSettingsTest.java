package io.parley.application.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class JsonSettingsTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  @Property(tries = 5_000)
  void formatsEveryInstantAsTheFormatterDoes(
      @ForAll @LongRange(min = -70_000_000_000L, max = 260_000_000_000L) long epochSecond,
      @ForAll @LongRange(min = 0, max = 999_999_999) long nanos) {
    Instant instant = Instant.ofEpochSecond(epochSecond, nanos);
    assertThat(JsonSettings.format(instant)).isEqualTo(REFERENCE.format(instant));
  }

  @Test
  void formatsTheEdges() {
    for (Instant instant :
        new Instant[] {
          Instant.EPOCH,
          Instant.parse("0000-01-01T00:00:00Z"),
          Instant.parse("9999-12-31T23:59:59.999999999Z"),
          Instant.parse("1969-12-31T23:59:59.999Z"),
          Instant.parse("2024-02-29T12:03:04.005Z"),
          Instant.parse("-0001-12-31T23:59:59.999Z"),
          Instant.parse("+10000-01-01T00:00:00Z")
        }) {
      assertThat(JsonSettings.format(instant)).isEqualTo(REFERENCE.format(instant));
    }
    assertThat(JsonSettings.format(Instant.parse("2026-11-30T07:08:09.010Z")))
        .isEqualTo("2026-11-30T07:08:09.010Z");
  }
}
