package io.parley.application.commands;

import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.parley.adapters.demo.DemoDataLoader;
import io.parley.adapters.embedded.EmbeddedPostgresServer;
import io.parley.adapters.postgres.PostgresAdapters;
import io.parley.adapters.postgres.PostgresSchema;
import io.parley.application.ParleyConfiguration;
import io.parley.application.infra.EmbeddedServers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code demo-data config.yml --tenants N --conversations N --messages-per-conversation N
 * --products N}: fills the configured database (the embedded one by default) with realistic
 * generated data, showing progress, then prints a tenant's key and curl commands to try.
 */
public final class DemoDataCommand extends ConfiguredCommand<ParleyConfiguration> {
  public DemoDataCommand() {
    super(
        "demo-data",
        "Fills the database with realistic generated tenants, catalogs and conversations");
  }

  @Override
  public void configure(Subparser subparser) {
    super.configure(subparser);
    subparser
        .addArgument("--tenants")
        .type(Integer.class)
        .setDefault(10)
        .help("tenants (default 10)");
    subparser
        .addArgument("--conversations")
        .type(Integer.class)
        .setDefault(1_000)
        .help("conversations in all (default 1000)");
    subparser
        .addArgument("--messages-per-conversation")
        .dest("messages")
        .type(Integer.class)
        .setDefault(50)
        .help("messages per conversation (default 50)");
    subparser
        .addArgument("--products")
        .type(Integer.class)
        .setDefault(1_000)
        .help("products of the first tenant; the others get up to 50 (default 1000)");
  }

  @Override
  protected void run(
      Bootstrap<ParleyConfiguration> bootstrap, Namespace namespace, ParleyConfiguration config) {
    EmbeddedPostgresServer embedded = EmbeddedServers.startPostgresAsConfigured(config);
    String url = config.getDatabase().getUrl();
    String user = config.getDatabase().getUser();
    String password =
        config.getDatabase().getPassword() == null ? "" : config.getDatabase().getPassword();
    if (embedded != null) {
      PostgresSchema.migrate(url, user, password);
    }
    DemoDataLoader.Plan plan =
        new DemoDataLoader.Plan(
            positive(namespace, "tenants"),
            positive(namespace, "conversations"),
            positive(namespace, "messages"),
            positive(namespace, "products"));
    ConsoleProgress progress = new ConsoleProgress(System.console() != null);
    DemoDataLoader loader =
        new DemoDataLoader(
            new PostgresAdapters(Jdbi.create(url, user, password)),
            () -> connect(url, user, password));
    long started = System.nanoTime();
    DemoDataLoader.Result result = loader.load(plan, progress);
    progress.finish();
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%nLoaded %,d tenants, %,d conversations, %,d messages in %.1f s (%,.0f messages/s overall).%n",
        plan.tenants(),
        plan.conversations(),
        result.messages(),
        seconds,
        result.messages() / seconds);
    printTour(result);
    if (embedded != null) {
      embedded.close();
    }
  }

  private static void printTour(DemoDataLoader.Result result) {
    String base =
        "http://localhost:8080/v1/tenants/"
            + result.tenant()
            + "/conversations/"
            + result.conversation();
    System.out.println("Tenant " + result.tenant() + ", API key (shown once): " + result.apiKey());
    System.out.println("Start the server, then try:");
    System.out.println(
        "  curl -s -H 'Authorization: Bearer "
            + result.apiKey()
            + "' '"
            + base
            + "/messages?limit=5'");
    System.out.println(
        "  curl -s -X PUT -H 'Authorization: Bearer "
            + result.apiKey()
            + "' -H 'Content-Type: application/json' '"
            + base
            + "/reference-context' -d '{\"listType\":\"products\",\"items\":[{\"id\":\"a\",\"title\":\"Nike Air Max Red\"},{\"id\":\"b\",\"title\":\"Adidas Superstar White\"}]}'");
    System.out.println(
        "  curl -s -X POST -H 'Authorization: Bearer "
            + result.apiKey()
            + "' -H 'Content-Type: application/json' '"
            + base
            + "/reference-context/resolve' -d '{\"text\":\"nataka ya pili\"}'");
    System.out.println(
        "  curl -s -H 'Authorization: Bearer "
            + result.apiKey()
            + "' '"
            + base
            + "/agent-context?historyLimit=10'");
    String showcase =
        "http://localhost:8080/v1/tenants/"
            + result.tenant()
            + "/conversations/"
            + result.showcase();
    System.out.println(
        "A conversation with delivery statuses, an open service window and a human handoff:");
    System.out.println(
        "  curl -s -H 'Authorization: Bearer "
            + result.apiKey()
            + "' '"
            + showcase
            + "/agent-context?historyLimit=10'");
    System.out.println(
        "  curl -s -X PATCH -H 'Authorization: Bearer "
            + result.apiKey()
            + "' -H 'Content-Type: application/json' '"
            + showcase
            + "' -d '{\"handoff\":{\"active\":false}}'");
  }

  private static int positive(Namespace namespace, String name) {
    Integer value = namespace.getInt(name);
    if (value == null || value < 1) {
      throw new IllegalArgumentException("--" + name + " must be a whole number of at least 1");
    }
    return value;
  }

  private static Connection connect(String url, String user, String password) {
    try {
      return DriverManager.getConnection(url, user, password);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to " + url + ": " + e.getMessage(), e);
    }
  }
}
