package io.parley.bench.bare;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The per-request floor of issue 15: a Dropwizard application of the same version as Parley with
 * one trivial Jersey resource and nothing else, run by the bench with the same request-log setting
 * as Parley: bench/run.sh gives it config.yml's {@code server:} section as it stands. Parley's
 * {@code GET /ping} is compared with its {@code GET /ping} in the same run.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.parley.bench.bare.BareDropwizard server bench/target/bare.yml
 * </pre>
 */
public final class BareDropwizard extends Application<Configuration> {
  public static void main(String[] args) throws Exception {
    new BareDropwizard().run(args);
  }

  @Override
  public void initialize(Bootstrap<Configuration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
  }

  @Override
  public void run(Configuration configuration, Environment environment) {
    environment.jersey().register(new Ping());
  }

  /** The one resource: what Parley's PingResource answers, with nothing in front of it. */
  @Path("/ping")
  public static final class Ping {
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String ping() {
      return "pong";
    }
  }
}
