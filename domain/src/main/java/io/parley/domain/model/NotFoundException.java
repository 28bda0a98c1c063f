package io.parley.domain.model;

/** The thing asked for does not exist for this tenant (or belongs to another one). */
public class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String what) {
    super(what + " not found");
  }
}
