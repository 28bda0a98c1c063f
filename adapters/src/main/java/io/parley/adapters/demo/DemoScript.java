package io.parley.adapters.demo;

import java.util.Random;

/** What customers and the bot say in generated conversations: English, Swahili and Sheng. */
final class DemoScript {
  private static final String[] CUSTOMER = {
    "Habari, mna viatu size 42?", "Niaje, hii iko stock?", "nataka ya pili", "Bei gani?",
    "Sawa, nitachukua", "the red one please", "Do you deliver to Kisumu?", "ya mwisho",
    "Mnafunga saa ngapi?", "I want 2", "Hizi ni original?", "Naeza lipa na M-Pesa?",
    "Nataka kusuka nywele kesho", "ile ya blue", "How much is delivery to Rongai?", "Asante sana!",
    "Niko na budget ya 3k", "wait a second", "Mko wapi exactly?", "number 3"
  };
  private static final String[] BOT = {
    "Karibu! Tuna options hizi: 1. Nike Air Max Red 2. Adidas Superstar 3. Puma Suede",
    "Yes, we have it in stock. Ungependa size gani?",
    "Bei ni KES 4,500. Delivery ni free Nairobi.",
    "Sawa! Nimekuwekea order. Tuma M-Pesa to till 123456.",
    "We deliver countrywide within 2 days.",
    "Tunafungua 8am hadi 8pm kila siku.",
    "Here are our salon services: 1. Box braids 2. Cornrows",
    "Asante! Order yako imethibitishwa.",
    "Unaweza kuchagua kwa kuandika namba ya bidhaa.",
    "Pole, hiyo imeisha. Tuna hizi badala yake."
  };

  private DemoScript() {}

  static String customer(Random random) {
    return CUSTOMER[random.nextInt(CUSTOMER.length)];
  }

  static String bot(Random random) {
    return BOT[random.nextInt(BOT.length)];
  }

  /**
   * The message type and direction of message {@code seq} (1-based) of a generated conversation.
   */
  static String[] kind(long seq) {
    if (seq % 97 == 0) {
      return new String[] {"out", "system"};
    }
    if (seq % 25 == 0) {
      return new String[] {"out", "automated_reminder"};
    }
    return seq % 2 == 1
        ? new String[] {"in", "customer_inbound"}
        : new String[] {"out", "bot_response"};
  }
}
