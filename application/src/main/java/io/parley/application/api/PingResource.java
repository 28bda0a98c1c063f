package io.parley.application.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Liveness on the application port: answers without touching any dependency (readiness is {@code
 * /health-check}). It is also the benchmarks' floor: the cheapest request the application
 * connector, Jersey and Parley's filters can serve.
 */
@Path("/ping")
@Tag(name = "operations")
public final class PingResource {
  @GET
  @Operation(
      operationId = "ping",
      summary = "Liveness",
      description = "Answers pong without touching any dependency; no key needed.")
  @ApiResponse(
      responseCode = "200",
      description = "pong",
      content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
  @Produces(MediaType.TEXT_PLAIN)
  public String ping() {
    return "pong";
  }
}
