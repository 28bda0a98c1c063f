package io.parley.application.http;

import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Error responses in Dropwizard's shape: {@code {"code": 400, "message": "..."}}. */
public final class Errors {
  private Errors() {}

  public static Response response(int status, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorMessage(status, message))
        .build();
  }

  public static WebApplicationException badRequest(String message) {
    return new WebApplicationException(message, response(400, message));
  }

  public static WebApplicationException notFound(String what) {
    return new WebApplicationException(what + " not found", response(404, what + " not found"));
  }
}
