package io.parley.application.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;

/** Where the embedded servers of the zero-setup run keep their data and listen. */
public class EmbeddedFactory {
  @NotEmpty private String directory = "./data";

  @Min(0)
  @Max(65535)
  private int postgresPort = 0;

  @Min(0)
  @Max(65535)
  private int redisPort = 0;

  /**
   * The data directory: PostgreSQL's files go in {@code postgres/}, the generated admin key in
   * {@code admin-key}.
   */
  @JsonProperty
  public String getDirectory() {
    return directory;
  }

  @JsonProperty
  public void setDirectory(String directory) {
    this.directory = directory;
  }

  @JsonProperty
  public int getPostgresPort() {
    return postgresPort;
  }

  @JsonProperty
  public void setPostgresPort(int postgresPort) {
    this.postgresPort = postgresPort;
  }

  @JsonProperty
  public int getRedisPort() {
    return redisPort;
  }

  @JsonProperty
  public void setRedisPort(int redisPort) {
    this.redisPort = redisPort;
  }
}
