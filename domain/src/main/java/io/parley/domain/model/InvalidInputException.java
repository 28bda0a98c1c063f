package io.parley.domain.model;

/** A value the domain refuses; the message names the field and what is wrong with it. */
public class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidInputException(String field, String problem) {
    super(field + " " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
