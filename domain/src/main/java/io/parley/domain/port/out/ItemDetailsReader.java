package io.parley.domain.port.out;

import java.math.BigDecimal;

/**
 * Reads what the resolver needs of a list item beyond its title from the item's JSON as the client
 * gave it: the words that describe it and its price.
 */
public interface ItemDetailsReader {
  ItemDetails read(String itemJson);

  /** The words of its description and attributes, and its price (null when it has none). */
  record ItemDetails(String words, BigDecimal price) {}
}
