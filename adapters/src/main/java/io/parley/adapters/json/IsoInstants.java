package io.parley.adapters.json;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@link Instant#toString()} and {@link Instant#parse} for the instants the shared cache stores,
 * written and read digit by digit: the same text and the same instants, at a fraction of the cost.
 * A conversation window holds up to 51 messages with two or three instants each and is written on
 * every append (read back too when another append overtook it): the JDK's formatter and parser were
 * 30 and 27 µs of an append's 844 µs of request-thread CPU (bench/webhooks.sh profiled,
 * bench/results/2026-12-07/webhooks-session17.md). Years outside 0000-9999, and any text not in the
 * form written here, go to the JDK. The API's timestamps (always milliseconds) are written here
 * too.
 */
public final class IsoInstants {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final long YEAR_0 = -62_167_219_200L; // 0000-01-01T00:00:00Z
  private static final long YEAR_10000 = 253_402_300_800L; // 10000-01-01T00:00:00Z

  private IsoInstants() {}

  /** The same text as {@code instant.toString()}: no fraction, or 3, 6 or 9 digits of it. */
  static String format(Instant instant) {
    long second = instant.getEpochSecond();
    if (second < YEAR_0 || second >= YEAR_10000) {
      return instant.toString();
    }
    int nano = instant.getNano();
    int fraction = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
    return written(second, nano, fraction);
  }

  /**
   * ISO-8601 UTC with exactly three digits of fraction ({@code uuuu-MM-dd'T'HH:mm:ss.SSS'Z'}), as
   * the API writes every timestamp (a dozen per agent context: the formatter was 2 % of its CPU).
   */
  public static String formatMillis(Instant instant) {
    long second = instant.getEpochSecond();
    if (second < YEAR_0 || second >= YEAR_10000) {
      return ISO_MILLIS.format(instant);
    }
    return written(second, instant.getNano() / 1_000_000 * 1_000_000, 3);
  }

  /** The date and time of {@code second} (years 0000-9999), {@code fraction} digits of nano, Z. */
  private static String written(long second, int nano, int fraction) {
    char[] c = new char[fraction == 0 ? 20 : 21 + fraction];
    LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
    digits(c, 0, t.getYear(), 4);
    c[4] = '-';
    digits(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, t.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, t.getHour(), 2);
    c[13] = ':';
    digits(c, 14, t.getMinute(), 2);
    c[16] = ':';
    digits(c, 17, t.getSecond(), 2);
    if (fraction > 0) {
      c[19] = '.';
      digits(c, 20, nano / POWERS[9 - fraction], fraction);
    }
    c[c.length - 1] = 'Z';
    return new String(c);
  }

  /**
   * The same instant as {@code Instant.parse(text)}: read here when the text is {@code
   * yyyy-MM-ddTHH:mm:ss}, an optional fraction of 1-9 digits, and {@code Z}, with every field in
   * range (the JDK decides everything else, and throws as it would).
   */
  static Instant parse(String text) {
    int length = text.length();
    if (length < 20
        || length == 21
        || length > 30
        || text.charAt(length - 1) != 'Z'
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || (length > 20 && text.charAt(19) != '.')) {
      return Instant.parse(text);
    }
    int year = number(text, 0, 4);
    int month = number(text, 5, 2);
    int day = number(text, 8, 2);
    int hour = number(text, 11, 2);
    int minute = number(text, 14, 2);
    int second = number(text, 17, 2);
    int fraction = length == 20 ? 0 : number(text, 20, length - 21);
    if ((year | month | day | hour | minute | second | fraction) < 0
        || hour > 23
        || minute > 59
        || second > 59) {
      return Instant.parse(text);
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return Instant.parse(text);
    }
    int nano = length == 20 ? 0 : fraction * POWERS[9 - (length - 21)];
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600 + minute * 60 + second, nano);
  }

  private static final int[] POWERS = {
    1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  private static void digits(char[] into, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      into[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** The decimal number of {@code width} ASCII digits at {@code at}; -1 if any is not a digit. */
  private static int number(String text, int at, int width) {
    int value = 0;
    for (int i = at; i < at + width; i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
