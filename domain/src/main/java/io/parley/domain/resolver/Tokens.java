package io.parley.domain.resolver;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into lowercase word tokens: letters and digits, "#" and "," (a list separator) on
 * their own, keycap emoji as their digit, other punctuation dropped. Amounts are read whole
 * ("12,000", "9.5k", "4500.00"). A token mixing letters and digits stays one word ("a15", "128gb",
 * "3pm"), except a number glued to a word that announces it or counts it ("item2", "2pcs"). Words
 * are then compared whole, never as substrings.
 */
final class Tokens {
  private static final Pattern THOUSANDS = Pattern.compile("(?<=\\d),(?=\\d{3}\\b)");
  private static final Pattern KILO = Pattern.compile("\\b(\\d+(?:\\.\\d+)?)k\\b");
  private static final Pattern CENTS = Pattern.compile("\\b(\\d+)\\.\\d{1,2}\\b");
  private static final Pattern GLUED = Pattern.compile("([a-z#]+)(\\d+)|(\\d+)([a-z]+)");

  private Tokens() {}

  static List<String> of(String text) {
    String normalized = amounts(symbols(text.toLowerCase(Locale.ROOT)));
    List<String> tokens = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < normalized.length(); ) {
      int c = normalized.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isLetterOrDigit(c)) {
        current.appendCodePoint(c);
      } else {
        flush(current, tokens);
        if (c == '#' || c == '&') {
          tokens.add(Character.toString(c));
        } else if (c == ',' || c == ';') {
          tokens.add(",");
        }
      }
    }
    flush(current, tokens);
    return tokens;
  }

  private static String symbols(String text) {
    return text.replace("\uD83D\uDD1F", " 10 ") // keycap ten
        .replace("\u20E3", " ") // combining enclosing keycap: "2️⃣" -> "2"
        .replace("\uFE0F", "")
        .replace("'", "")
        .replace("\u2019", "");
  }

  /** "12,000" -> 12000, "9.5k" -> 9500, "4500.00" -> 4500. */
  private static String amounts(String text) {
    boolean comma = text.indexOf(',') >= 0;
    boolean point = text.indexOf('.') >= 0;
    if (!comma && !point && text.indexOf('k') < 0) {
      return text; // most replies: no regex to run
    }
    String plain = comma ? THOUSANDS.matcher(text).replaceAll("") : text;
    Matcher kilo = KILO.matcher(plain);
    StringBuilder out = new StringBuilder();
    while (kilo.find()) {
      BigDecimal thousands = new BigDecimal(kilo.group(1)).multiply(BigDecimal.valueOf(1000));
      kilo.appendReplacement(out, thousands.stripTrailingZeros().toPlainString());
    }
    kilo.appendTail(out);
    return point ? CENTS.matcher(out.toString()).replaceAll("$1") : out.toString();
  }

  private static void flush(StringBuilder current, List<String> tokens) {
    if (current.length() == 0) {
      return;
    }
    String word = current.toString();
    current.setLength(0);
    if (!mixesLettersAndDigits(word)) {
      tokens.add(word);
      return;
    }
    Matcher glued = GLUED.matcher(word);
    if (glued.matches() && ordinalFigure(word).isEmpty()) {
      if (glued.group(1) != null && Words.NUMBER_PREFIXES.contains(glued.group(1))) {
        tokens.add(glued.group(1));
        tokens.add(glued.group(2));
        return;
      }
      if (glued.group(3) != null && Words.QUANTITY_UNITS.contains(glued.group(4))) {
        tokens.add(glued.group(3));
        tokens.add(glued.group(4));
        return;
      }
    }
    tokens.add(word);
  }

  private static boolean mixesLettersAndDigits(String word) {
    boolean digit = false;
    boolean letter = false;
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      digit |= c >= '0' && c <= '9';
      letter |= c >= 'a' && c <= 'z';
    }
    return digit && letter;
  }

  static boolean isDigits(String token) {
    if (token.isEmpty() || token.length() > 9) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      if (!Character.isDigit(token.charAt(i)) || token.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The value of a figure ordinal: 1st, 2nd, 3rd, 4th, 21st... */
  static OptionalInt ordinalFigure(String token) {
    if (token.length() < 3) {
      return OptionalInt.empty();
    }
    String digits = token.substring(0, token.length() - 2);
    String suffix = token.substring(token.length() - 2);
    if (!isDigits(digits) || !List.of("st", "nd", "rd", "th").contains(suffix)) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(Integer.parseInt(digits));
  }

  /** A token's word stem for matching: plural "s" dropped, Swahili colours as English. */
  static String stem(String token) {
    String word = Words.SYNONYMS.getOrDefault(token, token);
    if (word.length() > 3 && word.endsWith("s") && !word.endsWith("ss")) {
      return word.substring(0, word.length() - 1);
    }
    return word;
  }

  /**
   * Whether {@code a} is {@code b} with two neighbouring letters swapped ("lsat", "plii", "2dn"):
   * the one slip read in words of four letters and fewer, where any other edit lands on real words
   * ("fist", "lost", "list", "nani" for "nane").
   */
  static boolean transposed(String a, String b) {
    if (a.length() != b.length() || a.equals(b)) {
      return false;
    }
    int i = 0;
    while (a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i + 1 < a.length()
        && a.charAt(i) == b.charAt(i + 1)
        && a.charAt(i + 1) == b.charAt(i)
        && a.substring(i + 2).equals(b.substring(i + 2));
  }

  /** "2dn", "1ts", "4ht": an ordinal figure with its two letters swapped, mended; else null. */
  static String mendedFigure(String token) {
    int digits = token.length() - 2;
    if (digits < 1 || !isDigits(token.substring(0, digits))) {
      return null;
    }
    String swapped = token.substring(0, digits) + token.charAt(digits + 1) + token.charAt(digits);
    return ordinalFigure(swapped).isPresent() && ordinalFigure(token).isEmpty() ? swapped : null;
  }

  /**
   * Whether two words differ by at most one edit (insertion, deletion, substitution, or swap of
   * neighbours), for words of 4 letters or more: "seccond", "fisrt", "adiddas", "tatuu".
   */
  static boolean nearlyEqual(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    if (Math.min(a.length(), b.length()) < 4 || Math.abs(a.length() - b.length()) > 1) {
      return false;
    }
    int i = 0;
    while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    if (a.length() == b.length()) {
      boolean swap =
          i + 1 < a.length()
              && a.charAt(i) == b.charAt(i + 1)
              && a.charAt(i + 1) == b.charAt(i)
              && a.substring(i + 2).equals(b.substring(i + 2));
      return swap || a.substring(i + 1).equals(b.substring(i + 1));
    }
    String longer = a.length() > b.length() ? a : b;
    String shorter = a.length() > b.length() ? b : a;
    return longer.substring(i + 1).equals(shorter.substring(i));
  }
}
