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
      Set.of(
          "ile", "hiyo", "hii", "zile", "hizo", "hizi", "yule", "huyo", "kile", "hicho", "ule",
          "vile", "lile");

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
          "hiki",
          "hili",
          "hilo",
          "huyu",
          "ule",
          "vile",
          "lile",
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
          "mi",
          "in",
          "them",
          "every",
          "each",
          "instead",
          "rather",
          "also",
          "too",
          "pia",
          "kwa");

  /** Words that refuse what follows them in their clause: "not the second", "sitaki ya kwanza". */
  static final Set<String> NEGATORS =
      Set.of(
          "not",
          "dont",
          "except",
          "without",
          "never",
          "si",
          "sio",
          "siyo",
          "sitaki",
          "bila",
          "isipokuwa",
          "excluding",
          "apart",
          "wacha",
          "acha",
          "achana");

  /** Nouns before "number" that make it an address: "house number 45", "plot no 7". */
  static final Set<String> ADDRESS_NOUNS =
      Set.of(
          "house",
          "plot",
          "room",
          "apartment",
          "flat",
          "block",
          "building",
          "street",
          "road",
          "avenue",
          "box",
          "nyumba",
          "stage",
          "gate",
          "door",
          "phone",
          "mobile",
          "simu");

  /** Words before "but" that make it "except": "anything but the jacket". */
  static final Set<String> ANYTHING = Set.of("anything", "everything", "all", "any", "chochote");

  /** Words that join the items of a list: "2 and 5", "ya pili na ya tano", "1, 3". */
  static final Set<String> JOINERS = Set.of(",", "and", "na", "&", "plus", "pamoja", "but", "also");

  /** Words that offer alternatives: "4 or 5", "ya nne au ya tano". */
  static final Set<String> ALTERNATIVES = Set.of("or", "au", "ama", "either");

  /** Every item: "zote", "all of them", "every one of them". */
  static final Set<String> ALL = Set.of("all", "zote", "everything", "both", "wote", "vyote");

  /** The cheapest: "cheapest", "least expensive", "lowest price", "bei nafuu zaidi". */
  static final Set<String> CHEAP =
      Set.of("cheapest", "cheaper", "cheap", "nafuu", "rahisi", "affordable", "lowest", "lower");

  /** The dearest: "dearest", "most expensive", "highest price", "ya bei ya juu". */
  static final Set<String> DEAR =
      Set.of(
          "dearest",
          "dearer",
          "priciest",
          "pricier",
          "expensive",
          "ghali",
          "highest",
          "higher",
          "juu");

  /** Words that flip CHEAP and DEAR: "least expensive" is the cheapest. */
  static final Set<String> LEAST = Set.of("least", "less");

  /** Words around a price superlative that describe no item: "the one with the lowest price". */
  static final Set<String> PRICE_WORDS =
      Set.of(
          "price", "prices", "bei", "zaidi", "most", "cost", "costs", "priced", "than", "kabisa",
          "more", "much", "at");

  /** Words that are near an ordinal but are words of their own: never read as a typo of one. */
  static final Set<String> NOT_TYPOS =
      Set.of(
          "seconds",
          "firsts",
          "fifty",
          "sixty",
          "thirty",
          "forty",
          "ninety",
          "eighty",
          "firstly",
          "secondly",
          "thirdly",
          "lastly",
          "fist",
          "thirst",
          "filth");

  /** The middle of a list. */
  static final Set<String> MIDDLE = Set.of("middle", "centre", "center", "katikati", "kati");

  /** Currency words: the number after (or before) them is an amount, never a position. */
  static final Set<String> CURRENCY =
      Set.of("kes", "ksh", "kshs", "sh", "shs", "bob", "shilingi", "shillings", "bei", "price");

  /** Units after a number that make it a quantity: "2 pairs", "jozi 3", "3 pcs". */
  static final Set<String> QUANTITY_UNITS =
      Set.of(
          "pairs", "pair", "jozi", "pcs", "pieces", "piece", "units", "unit", "vipande", "kipande",
          "of", "x", "times", "items", "pc");

  /**
   * Attribute words in Swahili and Sheng (colours and sizes, in the agreement forms of the noun
   * classes a shop uses: "ile nyeusi", "kiatu cheusi", "viatu vyeusi"), and English synonyms, read
   * as the English words item titles and attributes use: "kubwa" and "big" are "large". Not here:
   * the forms that are also everyday words ({@link #SIZE_WORDS_WITH_OTHER_MEANINGS}).
   */
  static final Map<String, String> SYNONYMS = synonyms();

  private static Map<String, String> synonyms() {
    Map<String, String> words = new java.util.HashMap<>();
    agreeing(words, "black", "nyeusi", "mweusi", "cheusi", "vyeusi", "jeusi", "meusi", "weusi");
    agreeing(
        words,
        "red",
        "nyekundu",
        "mwekundu",
        "chekundu",
        "vyekundu",
        "jekundu",
        "mekundu",
        "wekundu");
    agreeing(words, "white", "nyeupe", "mweupe", "cheupe", "vyeupe", "jeupe", "meupe", "weupe");
    agreeing(words, "large", "big", "kubwa", "mkubwa", "kikubwa", "vikubwa", "makubwa");
    agreeing(words, "small", "ndogo", "mdogo", "kidogo", "vidogo", "madogo");
    agreeing(words, "blue", "bluu", "buluu", "samawati");
    agreeing(words, "green", "kijani");
    agreeing(words, "yellow", "njano", "manjano");
    agreeing(words, "pink", "pinki");
    agreeing(words, "brown", "brauni", "kahawia", "hudhurungi");
    agreeing(words, "grey", "gray", "kijivu");
    agreeing(words, "purple", "zambarau");
    agreeing(words, "gold", "dhahabu");
    agreeing(words, "size", "saizi");
    return Map.copyOf(words);
  }

  private static void agreeing(Map<String, String> words, String english, String... forms) {
    for (String form : forms) {
      words.put(form, english);
    }
  }

  /**
   * Size words that are also everyday words: "kidogo" is "a little" ("ngoja kidogo", "punguza bei
   * kidogo"), "mkubwa" is "boss" ("sawa mkubwa"), "mdogo" a younger sibling. In a reply they are a
   * size only right after a demonstrative or a class prefix ("kile kidogo", "yule mkubwa").
   */
  static final Set<String> SIZE_WORDS_WITH_OTHER_MEANINGS = Set.of("kidogo", "mkubwa", "mdogo");

  /** Nouns that name an attribute, not an item: "ile ya rangi nyeusi", "the black colour". */
  static final Set<String> ATTRIBUTE_NOUNS = Set.of("rangi", "colour", "color");

  /**
   * Swahili for "both", a pair of words in each noun-class agreement: "zote mbili" (N class),
   * "vyote viwili" (VI), "wote wawili" (WA), "yote mawili" (MA), either word first.
   */
  static final Map<String, String> SWAHILI_BOTH =
      Map.of("zote", "mbili", "vyote", "viwili", "wote", "wawili", "yote", "mawili");

  /** After a count from the end ("the second from the end"), the end of a list. */
  static final Set<String> END_WORDS = Set.of("end", "bottom", "back");

  /**
   * Words that point at something shown: "this one", "nataka hii". Alone (with fillers) they name
   * the item of a one-item list, as under a quoted message that showed one product.
   */
  static final Set<String> POINTING =
      Set.of("this", "that", "hii", "hiyo", "hiki", "hicho", "hili", "hilo", "huyu", "huyo");

  /** The list itself: "the second from the end of the list", "kutoka mwisho wa orodha". */
  static final Set<String> LIST_NOUNS = Set.of("list", "listi", "orodha", "options", "menu");

  /** After "kutoka" / "toka" (from): the end of a list ("ya pili kutoka mwisho", "... chini"). */
  static final Set<String> SWAHILI_END_WORDS = Set.of("mwisho", "chini", "nyuma");
}
