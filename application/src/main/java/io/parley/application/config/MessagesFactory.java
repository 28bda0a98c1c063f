package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Message limits: how large a message's payload may be. */
public class MessagesFactory {
  /**
   * Bytes of a message's payload as stored JSON (422 naming {@code payload} beyond): every window
   * and page carries it, and fifty 1 MiB payloads make a window Redis cannot serve in time.
   */
  @Min(1)
  @Max(1_048_576)
  private int maxPayloadBytes = 16 * 1024;

  @JsonProperty
  public int getMaxPayloadBytes() {
    return maxPayloadBytes;
  }

  @JsonProperty
  public void setMaxPayloadBytes(int maxPayloadBytes) {
    this.maxPayloadBytes = maxPayloadBytes;
  }
}
