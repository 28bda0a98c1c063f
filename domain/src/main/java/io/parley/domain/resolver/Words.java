package io.parley.domain.resolver;

import java.util.Map;
import java.util.Set;

/** The word lists the resolver reads English, Swahili and Sheng with. */
final class Words {
  private Words() {}

  /** English ordinals, as words. Figures (1st, 2nd, 10th...) are read by {@link Tokens}. */
  static final Map<String, Integer> ENGLISH_ORDINALS =
      Map.ofEntries(
          Map.entry("first", 1),
          Map.entry("second", 2),
          Map.entry("third", 3),
          Map.entry("fourth", 4),
          Map.entry("fifth", 5),
          Map.entry("sixth", 6),
          Map.entry("seventh", 7),
          Map.entry("eighth", 8),
          Map.entry("ninth", 9),
          Map.entry("tenth", 10),
          Map.entry("eleventh", 11),
          Map.entry("twelfth", 12),
          Map.entry("thirteenth", 13),
          Map.entry("fourteenth", 14),
          Map.entry("fifteenth", 15),
          Map.entry("sixteenth", 16),
          Map.entry("seventeenth", 17),
          Map.entry("eighteenth", 18),
          Map.entry("nineteenth", 19),
          Map.entry("twentieth", 20));

  /** Swahili ordinal stems, used after a noun-class prefix: "ya pili" is "the second". */
  static final Map<String, Integer> SWAHILI_ORDINALS =
      Map.of(
          "kwanza", 1, "pili", 2, "tatu", 3, "nne", 4, "tano", 5, "sita", 6, "saba", 7, "nane", 8,
          "tisa", 9, "kumi", 10);

  /** Cardinal numbers as words, in English and Swahili. */
  static final Map<String, Integer> CARDINALS =
      Map.ofEntries(
          Map.entry("one", 1),
          Map.entry("two", 2),
          Map.entry("three", 3),
          Map.entry("four", 4),
          Map.entry("five", 5),
          Map.entry("six", 6),
          Map.entry("seven", 7),
          Map.entry("eight", 8),
          Map.entry("nine", 9),
          Map.entry("ten", 10),
          Map.entry("eleven", 11),
          Map.entry("twelve", 12),
          Map.entry("moja", 1),
          Map.entry("mbili", 2),
          Map.entry("tatu", 3),
          Map.entry("nne", 4),
          Map.entry("tano", 5),
          Map.entry("sita", 6),
          Map.entry("saba", 7),
          Map.entry("nane", 8),
          Map.entry("tisa", 9),
          Map.entry("kumi", 10));

  /** Words that announce a number: "#2", "no. 2", "namba 2", "option 2". */
  static final Set<String> NUMBER_PREFIXES =
      Set.of(
          "#", "no", "nr", "nbr", "num", "number", "namba", "nambari", "option", "item", "choice",
          "chaguo");

  /** Swahili noun-class prefixes that make an ordinal: ya pili, wa pili, la pili, cha pili... */
  static final Set<String> CLASS_PREFIXES = Set.of("ya", "wa", "la", "cha", "za", "kwa", "vya");

  /** Words for the end of a list. */
  static final Set<String> LAST = Set.of("last", "mwisho");

  /**
   * Words that may follow an ordinal when it points into the list ("the second one please"); any
   * other word makes it an ordinary word ("second hand", "first time", "last week").
   */
  static final Set<String> REFERENCE_FOLLOWERS =
      Set.of(
          "one",
          "ones",
          "option",
          "item",
          "choice",
          "product",
          "service",
          "appointment",
          "order",
          "pair",
          "please",
          "pls",
          "plz",
          "pliz",
          "tafadhali",
          "basi",
          "then",
          "ok",
          "okay",
          "thanks",
          "thank",
          "asante",
          "on",
          "in",
          "from",
          "kwenye",
          "list",
          "listi",
          "or",
          "and",
          "ama",
          "au",
          "na");

  /**
   * Words before an ordinal that make it an ordinary word: "a second", "at last", "every second".
   */
  static final Set<String> ORDINAL_BLOCKERS = Set.of("a", "at", "every", "each", "per", "one");

  /**
   * Nouns before a Swahili ordinal that make it about time: "mara ya kwanza" is "the first time".
   */
  static final Set<String> TIME_NOUNS =
      Set.of("mara", "siku", "wiki", "mwezi", "mwaka", "saa", "dakika", "time", "week", "day");

  /** Demonstratives that may stand before a Swahili ordinal: "ile ya pili", "hiyo ya mwisho". */
  static final Set<String> DEMONSTRATIVES =
      Set.of("ile", "hiyo", "hii", "zile", "hizo", "hizi", "yule", "huyo", "kile", "hicho", "ule");

  /**
   * Words that say nothing about which item: a reply made only of these and one number is a
   * reference by number ("I want 2", "nataka 2", "2 please"), and they are ignored when matching a
   * description against titles ("the red one").
   */
  static final Set<String> FILLERS =
      Set.of(
          // English
          "i",
          "im",
          "ill",
          "id",
          "ive",
          "me",
          "my",
          "we",
          "you",
          "want",
          "wanna",
          "need",
          "would",
          "like",
          "take",
          "get",
          "give",
          "pick",
          "choose",
          "go",
          "with",
          "for",
          "the",
          "a",
          "an",
          "that",
          "this",
          "these",
          "those",
          "it",
          "its",
          "one",
          "ones",
          "please",
          "pls",
          "plz",
          "pliz",
          "ok",
          "okay",
          "yes",
          "yeah",
          "yep",
          "sure",
          "and",
          "or",
          "just",
          "only",
          "item",
          "option",
          "choice",
          "number",
          "no",
          "buy",
          "show",
          "send",
          "is",
          "of",
          "to",
          "let",
          "lets",
          "us",
          "have",
          "will",
          "can",
          "could",
          "do",
          "then",
          // Swahili and Sheng
          "nataka",
          "ningependa",
          "nipe",
          "naomba",
          "nichukue",
          "nitachukua",
          "chukua",
          "nichukulie",
          "hiyo",
          "hii",
          "ile",
          "hizo",
          "hizi",
          "zile",
          "yule",
          "huyo",
          "kile",
          "hicho",
          "ule",
          "ya",
          "wa",
          "la",
          "cha",
          "za",
          "vya",
          "tafadhali",
          "sawa",
          "ndio",
          "basi",
          "hapo",
          "namba",
          "nambari",
          "chaguo",
          "niko",
          "nko",
          "sasa",
          "poa",
          "fiti",
          "mimi",
          "mi");

  /** Colour words in Swahili and Sheng, read as the English words item titles use. */
  static final Map<String, String> SYNONYMS =
      Map.of(
          "nyekundu",
          "red",
          "nyeusi",
          "black",
          "nyeupe",
          "white",
          "bluu",
          "blue",
          "buluu",
          "blue",
          "kijani",
          "green",
          "njano",
          "yellow",
          "pinki",
          "pink",
          "brauni",
          "brown",
          "kahawia",
          "brown");
}
