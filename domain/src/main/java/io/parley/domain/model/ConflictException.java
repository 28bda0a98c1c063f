package io.parley.domain.model;

/** The request contradicts what is stored, e.g. a duplicate slug. */
public class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}
