package io.parley.application.testing;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.parley.application.ParleyApplication;
import io.parley.application.ParleyConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One running Parley per test JVM, as a newcomer runs it: the repository's config.yml with no
 * DATABASE_URL or REDIS_URL, so it starts embedded PostgreSQL and Redis and migrates itself. Test
 * classes share it and stay apart by each creating tenants of their own.
 */
public final class TestApp {
  public static final String ADMIN_KEY = "test-admin-key-0123456789";

  /** Overrides go through system properties of this prefix, apart from other tests' instances. */
  private static final String PREFIX = "parley-shared";

  private static DropwizardTestSupport<ParleyConfiguration> support;
  private static ApiClient api;

  private TestApp() {}

  public static synchronized DropwizardTestSupport<ParleyConfiguration> support() {
    if (support == null) {
      RecordedStatements.start();
      support =
          new DropwizardTestSupport<>(
              ParleyApplication.class,
              Path.of("..", "config.yml").toString(),
              PREFIX,
              ConfigOverride.config(PREFIX, "embedded.directory", temporaryDirectory()),
              ConfigOverride.config(PREFIX, "api.adminKey", ADMIN_KEY),
              ConfigOverride.config(PREFIX, "logging.type", "external"),
              ConfigOverride.config(PREFIX, "keys.usageFlushInterval", "200ms"),
              // Every test class shares this instance from one address: no throttle across them.
              ConfigOverride.config(PREFIX, "api.failedAuthenticationsPerMinute", "0"),
              ConfigOverride.config(PREFIX, "server.applicationConnectors[0].port", "0"),
              ConfigOverride.config(PREFIX, "server.adminConnectors[0].port", "0"));
      try {
        support.before();
      } catch (Exception e) {
        throw new IllegalStateException("Parley did not start", e);
      }
      AtExit.close("parley-test-app-close", support::after);
      api = new ApiClient(support.getLocalPort());
    }
    return support;
  }

  public static ApiClient api() {
    support();
    return api;
  }

  /** A new tenant: its id and its first API key. */
  public static TenantKey newTenant() {
    return RunningApp.standalone().newTenant();
  }

  public record TenantKey(String id, String key) {}

  private static String temporaryDirectory() {
    try {
      return Files.createTempDirectory("parley-app-test").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
