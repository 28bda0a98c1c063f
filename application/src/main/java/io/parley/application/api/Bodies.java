package io.parley.application.api;

import io.parley.application.http.Errors;

/** Request bodies that must be there. */
final class Bodies {
  private Bodies() {}

  static <T> T required(T body) {
    if (body == null) {
      throw Errors.badRequest("a JSON body is required");
    }
    return body;
  }
}
