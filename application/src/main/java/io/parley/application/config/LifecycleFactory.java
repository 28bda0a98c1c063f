package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Customer-data lifecycle: how erasures delete. */
public class LifecycleFactory {
  /** Rows an erasure deletes per statement: each batch holds its row locks for milliseconds. */
  @Min(1)
  @Max(100_000)
  private int erasureBatchSize = 1_000;

  @JsonProperty
  public int getErasureBatchSize() {
    return erasureBatchSize;
  }

  @JsonProperty
  public void setErasureBatchSize(int erasureBatchSize) {
    this.erasureBatchSize = erasureBatchSize;
  }
}
