package io.parley.adapters.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.domain.model.ContextLookup;
import io.parley.domain.model.ConversationId;
import io.parley.domain.model.ListType;
import io.parley.domain.model.ReferenceContext;
import io.parley.domain.model.ReferenceItem;
import io.parley.domain.port.out.ItemDetailsReader;
import io.parley.domain.port.out.ItemDetailsReader.ItemDetails;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * JSON of reference contexts: the items array stored in PostgreSQL, and whole lookups as cached in
 * Redis. Domain data only; nothing of the tenant beyond the ids already in the key.
 */
public final class ReferenceContextJson {
  private static final ObjectMapper JSON = ExactNumbers.mapper();

  private ReferenceContextJson() {}

  /** The items as the array of the objects the client gave, in position order. */
  public static String items(List<ReferenceItem> items) {
    ArrayNode array = JSON.createArrayNode();
    for (ReferenceItem item : items) {
      array.add(parse(item.json()));
    }
    return array.toString();
  }

  /** Items back from their stored array; id, title and rowId are read from each object. */
  public static List<ReferenceItem> items(String json) {
    List<ReferenceItem> items = new ArrayList<>();
    for (JsonNode node : parse(json)) {
      items.add(
          new ReferenceItem(
              items.size() + 1,
              node.path("id").asText(),
              node.path("title").asText(),
              node.toString(),
              words(node),
              price(node),
              rowId(node)));
    }
    return items;
  }

  /**
   * The item's {@code rowId}; null when it has none, or one stored before row ids were checked (not
   * a string, blank, too long, or holding NUL), which no tap can then name.
   */
  private static String rowId(JsonNode item) {
    JsonNode rowId = item.get("rowId");
    if (rowId == null || !rowId.isTextual()) {
      return null;
    }
    String value = rowId.asText();
    boolean valid =
        !value.isBlank() && value.length() <= ReferenceItem.MAX_ROW_ID && value.indexOf('\0') < 0;
    return valid ? value : null;
  }

  /**
   * What the resolver reads of an item beyond its title; the service's {@link ItemDetailsReader}.
   */
  public static ItemDetails itemDetails(String itemJson) {
    JsonNode item = parse(itemJson);
    return new ItemDetails(words(item), price(item));
  }

  /**
   * The words that describe an item: {@code description}, {@code colour}, {@code color}, {@code
   * size}, {@code brand}, {@code category}, and the {@code attributes} values with their names.
   */
  static String words(JsonNode item) {
    StringJoiner words = new StringJoiner(" ");
    for (String field : List.of("description", "colour", "color", "size", "brand", "category")) {
      JsonNode value = item.get(field);
      if (value != null && value.isValueNode() && !value.isNull()) {
        words.add((field.equals("size") ? "size " : "") + value.asText());
      }
    }
    item.path("attributes")
        .fields()
        .forEachRemaining(
            field -> {
              if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                words.add(field.getKey() + " " + field.getValue().asText());
              }
            });
    return words.toString();
  }

  /** The item's {@code price}: a number or a decimal string; null otherwise. */
  static BigDecimal price(JsonNode item) {
    JsonNode price = item.get("price");
    if (price == null || price.isNull()) {
      return null;
    }
    if (price.isNumber()) {
      return price.decimalValue();
    }
    try {
      return price.isTextual() ? new BigDecimal(price.asText().trim()) : null;
    } catch (NumberFormatException notAPrice) {
      return null;
    }
  }

  public static String lookup(ContextLookup lookup) {
    ObjectNode node = JSON.createObjectNode();
    if (lookup instanceof ContextLookup.ConversationAbsent) {
      node.put("state", "absent");
    } else if (lookup instanceof ContextLookup.Newest newest && newest.context() != null) {
      ReferenceContext c = newest.context();
      node.put("state", "context")
          .put("id", c.id().toString())
          .put("conversationId", c.conversationId().toString())
          .put("version", c.version())
          .put("listType", c.listType().wireName())
          .put("createdAt", IsoInstants.format(c.createdAt()))
          .put("expiresAt", IsoInstants.format(c.expiresAt()))
          .put("providerMessageId", c.providerMessageId())
          .set("items", parse(items(c.items())));
    } else {
      node.put("state", "none");
    }
    return node.toString();
  }

  public static ContextLookup lookup(String json) {
    JsonNode node = parse(json);
    return switch (node.path("state").asText()) {
      case "absent" -> new ContextLookup.ConversationAbsent();
      case "none" -> new ContextLookup.Newest(null);
      case "context" ->
          new ContextLookup.Newest(
              new ReferenceContext(
                  UUID.fromString(node.path("id").asText()),
                  ConversationId.of(node.path("conversationId").asText()),
                  node.path("version").asLong(),
                  ListType.parse("listType", node.path("listType").asText()),
                  items(node.path("items").toString()),
                  IsoInstants.parse(node.path("createdAt").asText()),
                  IsoInstants.parse(node.path("expiresAt").asText()),
                  node.path("providerMessageId").textValue()));
      default -> throw new IllegalArgumentException("not a cached reference context");
    };
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON", e);
    }
  }
}
