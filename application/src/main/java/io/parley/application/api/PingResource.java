package io.parley.application.api;

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
public final class PingResource {
  @GET
  @Produces(MediaType.TEXT_PLAIN)
  public String ping() {
    return "pong";
  }
}
