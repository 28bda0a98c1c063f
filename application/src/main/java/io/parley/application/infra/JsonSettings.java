package io.parley.application.infra;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.parley.adapters.json.ExactNumbers;
import io.parley.adapters.json.IsoInstants;
import java.io.IOException;
import java.time.Instant;

/**
 * Strict JSON in, contract-shaped JSON out: unknown fields, trailing tokens and scalars of the
 * wrong type are refused (400) rather than coerced; instants are ISO-8601 UTC with milliseconds.
 */
public final class JsonSettings {
  private JsonSettings() {}

  public static ObjectMapper apply(ObjectMapper mapper) {
    ExactNumbers.apply(mapper); // a client's numbers as given, past a double's range or precision
    mapper.enable(
        DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    for (LogicalType type :
        new LogicalType[] {
          LogicalType.Textual, LogicalType.Integer, LogicalType.Float, LogicalType.Boolean
        }) {
      mapper
          .coercionConfigFor(type)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
    mapper
        .coercionConfigFor(LogicalType.Integer)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
    mapper
        .coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
    mapper
        .coercionConfigFor(LogicalType.Boolean)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.TryConvert);
    mapper.registerModule(
        new SimpleModule("parley-instants").addSerializer(Instant.class, new InstantSerializer()));
    return mapper;
  }

  /** A plain mapper that reads a client's numbers as given (for JSON the service stored). */
  public static ObjectMapper exactNumbers() {
    return ExactNumbers.mapper();
  }

  private static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(format(value));
    }
  }

  /** {@code value} as ISO-8601 UTC with milliseconds. */
  static String format(Instant value) {
    return IsoInstants.formatMillis(value);
  }
}
