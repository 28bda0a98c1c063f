package io.parley.adapters.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Windows written by an instance of the version before this class (with the JDK) are read by this
 * one and the other way round during a rolling deploy: the text and the instants must be the JDK's
 * exactly, for every instant and every text.
 */
class IsoInstantsTest {
  private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

  @Test
  void writesWhatTheJdkWritesAndReadsItBackForEveryPrecisionAndYear() {
    for (Instant instant : instants()) {
      String text = IsoInstants.format(instant);
      assertThat(text).as("%s", instant).isEqualTo(instant.toString());
      assertThat(IsoInstants.parse(text)).as(text).isEqualTo(instant);
    }
  }

  @Test
  void readsShorterFractionsAsTheJdkDoes() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 20_000; i++) {
      Instant instant = Instant.ofEpochSecond(random.nextLong(YEAR_0, YEAR_10000));
      StringBuilder text = new StringBuilder(instant.toString().substring(0, 19)).append('.');
      for (int digits = 1 + random.nextInt(9); digits > 0; digits--) {
        text.append((char) ('0' + random.nextInt(10)));
      }
      String fraction = text.append('Z').toString();
      assertThat(IsoInstants.parse(fraction)).as(fraction).isEqualTo(Instant.parse(fraction));
    }
  }

  @Test
  void leavesEveryOtherFormToTheJdk() {
    for (String text :
        List.of(
            "2026-12-07t10:15:30z", // case-insensitive in the JDK
            "+10000-01-01T00:00:00Z",
            "-0001-12-31T23:59:59Z",
            "2016-12-31T23:59:60Z", // a leap second, which the JDK folds into the second before
            "2026-12-07T10:15:30+01:00",
            "2026-12-07T10:15:30.Z", // an empty fraction
            "2026-12-07T24:00:00Z", // the JDK's next midnight
            "2026-12-07T10:15:30.123456789Z")) {
      assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
    for (String text :
        List.of(
            "2026-02-30T10:15:30Z",
            "2026-13-07T10:15:30Z",
            "2026-12-07T25:15:30Z",
            "2026-12-07T10:60:30Z",
            "2026-12-07T10:15:30.1234567890Z",
            "2026-12-07 10:15:30Z",
            "2026-1a-07T10:15:30Z",
            "2026-1/-07T10:15:30Z", // '/' is just below '0'
            "2026-12-07T24:00:01Z",
            "2026-12-07T10:15:30",
            "")) {
      assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
      assertThatThrownBy(() -> IsoInstants.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
    }
  }

  /**
   * Random instants across the years 0000-9999 at each precision the JDK writes (whole seconds,
   * milli-, micro-, nanoseconds), the edges of that range and of the days and years within it, and
   * a few outside it.
   */
  private static List<Instant> instants() {
    List<Instant> all = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(42);
    int[] precisions = {1_000_000_000, 1_000_000, 1000, 1};
    for (int i = 0; i < 200_000; i++) {
      long second = random.nextLong(YEAR_0, YEAR_10000);
      int unit = precisions[i % precisions.length];
      int nano = unit == 1_000_000_000 ? 0 : random.nextInt(1_000_000_000 / unit) * unit;
      all.add(Instant.ofEpochSecond(second, nano));
    }
    for (String text :
        List.of(
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "1970-01-01T00:00:00Z",
            "1969-12-31T23:59:59.999Z",
            "2024-02-29T12:00:00.000001Z",
            "2000-02-29T23:59:59.100Z",
            "1900-03-01T00:00:00.000000010Z",
            "0999-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z",
            "-0001-01-01T00:00:00Z")) {
      all.add(Instant.parse(text));
    }
    for (long second : new long[] {YEAR_0 - 1, YEAR_0, YEAR_10000 - 1, YEAR_10000}) {
      all.add(Instant.ofEpochSecond(second));
      all.add(Instant.ofEpochSecond(second, 999_999_999));
    }
    all.add(Instant.MIN);
    all.add(Instant.MAX);
    all.add(Instant.EPOCH.plusNanos(1));
    return all;
  }
}
