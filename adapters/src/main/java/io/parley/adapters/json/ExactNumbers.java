package io.parley.adapters.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

/**
 * Numbers in JSON a client gave (a message's payload, a reference item, catalog attributes) kept as
 * given through every parse: read as BigDecimal, trailing zeros kept. Read as a double, a number
 * past a double's range became the string "Infinity" and one with more than 17 digits was rounded.
 */
public final class ExactNumbers {
  private ExactNumbers() {}

  /** {@code mapper}, reading floating-point numbers exactly; for chaining. */
  public static <M extends ObjectMapper> M apply(M mapper) {
    mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    return mapper;
  }

  /** A new mapper that reads floating-point numbers exactly. */
  public static ObjectMapper mapper() {
    return apply(new ObjectMapper());
  }
}
