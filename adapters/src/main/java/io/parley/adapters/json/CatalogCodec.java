package io.parley.adapters.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.domain.model.ProductId;
import io.parley.domain.model.ServiceId;
import java.io.IOException;
import java.util.function.Function;

/**
 * The one JSON shape of catalog values: Jackson's mapping of the domain records themselves (ids as
 * strings, decimals exact, instants in ISO-8601). PostgreSQL builds item JSON in this shape and
 * Redis stores it, so reader and writer cannot drift; an unknown field fails the read.
 */
public final class CatalogCodec {
  private static final ObjectMapper JSON =
      ExactNumbers.mapper()
          .registerModule(new JavaTimeModule())
          .registerModule(
              new SimpleModule("catalog-ids")
                  .addSerializer(ProductId.class, asString())
                  .addDeserializer(ProductId.class, fromString(ProductId::of))
                  .addSerializer(ServiceId.class, asString())
                  .addDeserializer(ServiceId.class, fromString(ServiceId::of)))
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

  private CatalogCodec() {}

  public static TypeFactory types() {
    return JSON.getTypeFactory();
  }

  public static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("catalog values always serialize", e);
    }
  }

  /** Reads a value; IllegalArgumentException when the JSON is not of that type. */
  public static <T> T read(String json, JavaType type) {
    try {
      return JSON.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a catalog value of " + type, e);
    }
  }

  public static <T> T read(String json, Class<T> type) {
    return read(json, JSON.constructType(type));
  }

  private static <T> JsonSerializer<T> asString() {
    return new JsonSerializer<>() {
      @Override
      public void serialize(T value, JsonGenerator out, SerializerProvider provider)
          throws IOException {
        out.writeString(value.toString());
      }
    };
  }

  private static <T> JsonDeserializer<T> fromString(Function<String, T> parse) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser in, DeserializationContext context) throws IOException {
        return parse.apply(in.getValueAsString());
      }
    };
  }
}
