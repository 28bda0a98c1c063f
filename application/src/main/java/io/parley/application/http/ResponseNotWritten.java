package io.parley.application.http;

import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Jackson failed while writing a response body: the service's failure, not the client's, so it is
 * no {@link JsonProcessingException} (which {@link JsonProcessingExceptionMapper} answers with a
 * 400) but an unexpected error (500 with an error id, logged without any message text).
 */
public final class ResponseNotWritten extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ResponseNotWritten(JsonProcessingException cause) {
    super("a response body could not be written as JSON", cause);
  }
}
