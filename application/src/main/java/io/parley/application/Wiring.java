package io.parley.application;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.AutoCloseableManager;
import io.parley.adapters.AdapterMetrics;
import io.parley.adapters.postgres.PostgresSchema;
import io.parley.application.api.CursorCodec;
import io.parley.application.infra.AdminKeys;
import io.parley.application.infra.DropwizardAdapterMetrics;
import io.parley.application.infra.EmbeddedServers;
import io.parley.application.infra.Tracing;
import io.parley.domain.model.KeyHash;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The composition root, read as a table of contents: the servers, the stores ({@link Storage}), the
 * services over them ({@link Services}), what each request passes through ({@link
 * HttpInfrastructure}), the API ({@link Resources}) and what runs beside it ({@link Operations}).
 * Only these classes build adapters.
 */
final class Wiring {
  private final ParleyConfiguration config;
  private final Environment environment;
  private final Tracing tracing;

  Wiring(ParleyConfiguration config, Environment environment, Tracing tracing) {
    this.config = config;
    this.environment = environment;
    this.tracing = tracing;
  }

  void wire() {
    EmbeddedServers embedded = startEmbeddedServers();
    String adminKey = adminKey(embedded);
    environment.lifecycle().manage(new AutoCloseableManager(tracing));
    Clock clock = Clock.systemUTC();
    AdapterMetrics metrics = new DropwizardAdapterMetrics(environment.metrics());
    Storage storage = Storage.build(config, environment, metrics, tracing, clock, adminKey);
    Services services = Services.build(config, environment, storage, metrics, clock, adminKey);
    HttpInfrastructure.register(config, environment, tracing, storage, services);
    CursorCodec cursors = new CursorCodec(cursorSecret(adminKey));
    Resources.register(environment, services, cursors, config.getApi().getMaxPageSize());
    Operations.register(config, environment, services, clock, adminKey);
  }

  /** Starts the embedded servers the configuration asks for, and migrates an embedded database. */
  private EmbeddedServers startEmbeddedServers() {
    EmbeddedServers embedded = EmbeddedServers.startAsConfigured(config);
    environment.lifecycle().manage(embedded);
    if (embedded.startedPostgres()) {
      PostgresSchema.migrate(
          config.getDatabase().getUrl(),
          config.getDatabase().getUser(),
          config.getDatabase().getPassword());
    }
    return embedded;
  }

  /** The configured admin key; with embedded PostgreSQL, one made once and kept beside its data. */
  private String adminKey(EmbeddedServers embedded) {
    Path keptIn =
        embedded.startedPostgres()
            ? Path.of(config.getEmbedded().getDirectory(), "admin-key")
            : null;
    return AdminKeys.resolve(config.getApi().getAdminKey(), keptIn);
  }

  /** Signs page cursors: configured, or derived from the admin key every instance shares. */
  private String cursorSecret(String adminKey) {
    String configured = config.getApi().getCursorSecret();
    return configured.isEmpty() ? "cursor:" + KeyHash.of(adminKey).hex() : configured;
  }
}
