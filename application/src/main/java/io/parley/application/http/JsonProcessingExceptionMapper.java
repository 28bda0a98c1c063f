package io.parley.application.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.stream.Collectors;

/**
 * Turns a body Jackson could not read into a 400 that says what is wrong and where: malformed JSON
 * with its line and column, an unknown field by name, a value of the wrong type by field. Jackson's
 * own message is not echoed, since it quotes the client's input back. Only reading failures reach
 * it: a failure to write a response leaves {@link JsonBodiesWithoutAnnotations} as {@link
 * ResponseNotWritten}, a 500.
 */
public final class JsonProcessingExceptionMapper
    implements ExceptionMapper<JsonProcessingException> {
  @Override
  public Response toResponse(JsonProcessingException e) {
    WebApplicationException inside = inside(e);
    if (inside != null) {
      return inside.getResponse();
    }
    return Errors.response(400, describe(e));
  }

  /**
   * The answer a filter's stream gave while Jackson read from it, which Jackson wrapped with the
   * field it was reading: {@link BodySizeLimitFilter}'s 413 for a body that came without a
   * Content-Length (chunked) and passed the limit.
   */
  private static WebApplicationException inside(JsonProcessingException e) {
    for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
      if (cause instanceof WebApplicationException answer) {
        return answer;
      }
    }
    return null;
  }

  static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown field '" + path(unknown) + "'";
    }
    if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
      JsonMappingException mapping = (JsonMappingException) e;
      String field = path(mapping);
      if (field.isEmpty()) {
        return "the body must be a JSON object" + at(e.getLocation());
      }
      return "field '" + field + "' has the wrong type" + at(e.getLocation());
    }
    if (e instanceof JsonParseException) {
      return "malformed JSON" + at(e.getLocation());
    }
    if (e instanceof JsonMappingException mapping && !path(mapping).isEmpty()) {
      return "field '" + path(mapping) + "' is not valid" + at(e.getLocation());
    }
    return "malformed JSON" + at(e.getLocation());
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
