package io.parley.application;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.migrations.MigrationsBundle;
import io.parley.adapters.postgres.PostgresSchema;
import io.parley.application.commands.DemoDataCommand;
import io.parley.application.infra.EmbeddedServers;
import io.parley.application.infra.JsonSettings;
import io.parley.application.infra.Tracing;
import java.util.function.Supplier;

/** Parley: conversation context for chat commerce. */
public class ParleyApplication extends Application<ParleyConfiguration> {
  private final Supplier<Tracing> tracing;

  /** Tracing as the environment's OTEL_* variables say (off without an OTLP endpoint). */
  public ParleyApplication() {
    this(() -> Tracing.fromEnvironment(System.getenv()));
  }

  /** With the given tracing (tests record spans in memory). */
  public ParleyApplication(Supplier<Tracing> tracing) {
    this.tracing = tracing;
  }

  public static void main(String[] args) throws Exception {
    new ParleyApplication().run(args);
  }

  @Override
  public String getName() {
    return "parley";
  }

  @Override
  public void initialize(Bootstrap<ParleyConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.addCommand(new DemoDataCommand());
    bootstrap.addBundle(
        new MigrationsBundle<>() {
          @Override
          public DataSourceFactory getDataSourceFactory(ParleyConfiguration config) {
            EmbeddedServers.startPostgresAsConfigured(config);
            return config.getDatabase();
          }

          @Override
          public String getMigrationsFileName() {
            return PostgresSchema.CHANGELOG;
          }
        });
  }

  @Override
  public void run(ParleyConfiguration config, Environment environment) {
    // Strict request parsing for the API only: config.yml, parsed before run(), must still
    // accept "8080" for a port after environment substitution.
    JsonSettings.apply(environment.getObjectMapper());
    new Wiring(config, environment, tracing.get()).wire();
  }
}
